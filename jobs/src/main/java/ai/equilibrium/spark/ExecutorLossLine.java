package ai.equilibrium.spark;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;

/**
 * One terminal line when the cluster loses an executor mid-job, in place of the pages of Netty and BlockManager
 * warnings that Spark logs (those go to the log file): the run goes on, Spark reruns the lost tasks elsewhere and
 * the cluster manager starts a replacement, and the results are unchanged.
 */
public final class ExecutorLossLine extends SparkListener {
  private final PrintStream out;
  private volatile boolean ending;
  /** YARN can report one executor's removal twice (its container's exit, then the lost connection). */
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  public ExecutorLossLine(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
    // YARN's reason goes on with the container's launch diagnostics and log tails: the log file has them
    String reason = String.valueOf(removed.reason()).replaceAll("\\s+", " ").replaceFirst(" ?Diagnostics: .*$", "")
        .trim();
    // the application's own end and dynamic allocation's idle executors are not losses
    if (ending || reason.contains("killed by driver") || !reported.add(removed.executorId())) {
      return;
    }
    out.println("equilibrium: lost executor " + removed.executorId() + " (" + reason + "); its tasks run again on "
        + "the others and the results do not change");
  }

  @Override
  public void onApplicationEnd(SparkListenerApplicationEnd end) {
    ending = true;
  }
}
