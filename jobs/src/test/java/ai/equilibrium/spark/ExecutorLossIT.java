package ai.equilibrium.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.train.TrainingListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An executor JVM of a multi-process cluster (local-cluster: a standalone master and two workers) is killed
 * with SIGKILL while it holds a task, after a few training steps. Spark reruns the lost task and recomputes
 * the lost cached shards elsewhere, the standalone master starts a replacement executor, and the run still
 * ends with the in-process backend's bits. Environment from the failsafe configuration.
 */
class ExecutorLossIT {
  private static final int STEPS = 12;
  private static final int KILL_AFTER_STEP = 4;
  /** A job property set from the arming step on; the first stage that carries it loses the victim. */
  private static final String ARMED = "equilibrium.test.kill-executor";

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void killingAnExecutorJvmMidRunChangesNoBit() throws Exception {
    ExperimentConfig config = SparkTestSupport.ringConfig("run.steps=" + STEPS, "train.partitions=4");
    SparkConf conf = new SparkConf().setMaster("local-cluster[2,1,1024]").setAppName("executor-loss")
        .set("spark.ui.enabled", "false")
        .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .set("spark.executor.extraJavaOptions", System.getProperty("equilibrium.java17.options", ""))
        .setJars(new String[] {System.getProperty("equilibrium.jobs.jar")});
    // spark.task.maxFailures stays at its cluster default (4), so the lost task may be retried.
    ExecutorKiller killer = new ExecutorKiller();
    SparkTestSupport.Outcome disturbed;
    List<ProcessHandle> executorsAfter;
    long started = System.nanoTime();
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.sc().addSparkListener(killer);
      sc.sc().addSparkListener(new ExecutorLossLine(new PrintStream(terminal, true, StandardCharsets.UTF_8)));
      TrainingListener arm = (m, state) -> {
        if (m.step() == KILL_AFTER_STEP) {
          killer.freezeVictim();
          // The loop submits its jobs from this thread, so every later job carries the property.
          sc.setLocalProperty(ARMED, "after step " + m.step());
        }
      };
      disturbed = SparkTestSupport.train(config, t -> new SparkGradientBackend<>(sc, t.game(), t.source()),
          List.of(arm));
      executorsAfter = ExecutorJvms.await(ProcessHandle.current(), 2, 90_000);
    } // closing the context drains the listener bus, so the killer's records are complete below
    long clusterSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

    if (killer.failure != null) {
      throw new AssertionError("killing the executor failed", killer.failure);
    }
    Kill kill = killer.kill;
    assertNotNull(kill, "the victim was handed no task after step " + KILL_AFTER_STEP);
    assertFalse(ProcessHandle.of(kill.pid()).map(ProcessHandle::isAlive).orElse(false),
        "executor JVM " + kill.pid() + " still runs");
    assertTrue(killer.removedExecutors.contains(kill.executorId()),
        "the driver never removed executor " + kill.executorId() + ": " + killer.removedExecutors);
    assertTrue(killer.failedAttempts.stream().anyMatch(f -> f.executorLost()
            && f.executorId().equals(kill.executorId()) && f.stageId() == kill.stageId()
            && f.partition() == kill.partition()),
        "the task held by the killed executor did not fail as lost: " + killer.failedAttempts);
    assertTrue(killer.armedStageSuccesses.stream().anyMatch(a -> a.partition() == kill.partition()
            && !a.executorId().equals(kill.executorId())),
        "the lost task never succeeded elsewhere: " + killer.armedStageSuccesses);
    assertEquals(List.of("equilibrium: lost executor " + kill.executorId()), terminal.toString(StandardCharsets.UTF_8)
        .lines().map(l -> l.replaceAll(" \\(.*", "")).toList(), "one line for the loss: " + terminal);
    assertEquals(2, executorsAfter.size(), "executor JVMs after the loss: the master replaces the lost one");
    assertTrue(executorsAfter.stream().noneMatch(p -> p.pid() == kill.pid()));
    assertEquals(STEPS, disturbed.metrics().size(), "steps completed despite the loss");

    SparkTestSupport.Outcome undisturbed = SparkTestSupport.trainLocally(config);
    SparkTestSupport.assertBitwiseEqual(undisturbed, disturbed, "a run that lost an executor");
    System.out.printf("killed executor %s (pid %d) holding stage %d partition %d; failed attempts %s;"
        + " the armed stage's successes %s; executor JVMs afterwards %s; cluster run %d s%n", kill.executorId(),
        kill.pid(), kill.stageId(), kill.partition(), killer.failedAttempts, killer.armedStageSuccesses,
        executorsAfter.stream().map(ProcessHandle::pid).toList(), clusterSeconds);
  }

  record Victim(String executorId, ProcessHandle process) {}

  record Kill(String executorId, long pid, int stageId, int partition) {}

  record FailedAttempt(int stageId, int partition, String executorId, boolean executorLost, String reason) {}

  record Attempt(int partition, String executorId) {}

  /**
   * Freezes one executor between steps and SIGKILLs it when the next job hands it a task. Frozen with SIGSTOP,
   * it keeps its connections, so the driver still gives it a task, and cannot finish that task before the
   * kill lands: the loss always hits a task in flight, whatever the timing.
   */
  private static final class ExecutorKiller extends SparkListener {
    private volatile Victim victim;
    private volatile int armedStage = -1;
    volatile Kill kill;
    volatile Throwable failure;
    final List<FailedAttempt> failedAttempts = new CopyOnWriteArrayList<>();
    final List<Attempt> armedStageSuccesses = new CopyOnWriteArrayList<>();
    final List<String> removedExecutors = new CopyOnWriteArrayList<>();

    /** Called on the driver's training thread, between two steps. */
    void freezeVictim() {
      ProcessHandle process = ExecutorJvms.under(ProcessHandle.current()).stream().findFirst()
          .orElseThrow(() -> new AssertionError("no executor JVM runs"));
      signal("STOP", process);
      victim = new Victim(ExecutorJvms.executorId(process), process);
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
      if (armedStage < 0 && event.properties() != null && event.properties().getProperty(ARMED) != null) {
        armedStage = event.stageInfo().stageId();
      }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart event) {
      Victim v = victim;
      if (v == null || event.stageId() != armedStage || kill != null || failure != null
          || !event.taskInfo().executorId().equals(v.executorId())) {
        return;
      }
      try {
        signal("9", v.process());
        v.process().onExit().get(30, TimeUnit.SECONDS);
        kill = new Kill(v.executorId(), v.process().pid(), event.stageId(), event.taskInfo().index());
      } catch (Exception | AssertionError e) {
        failure = e; // an exception here would only be logged by the listener bus
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
      if (!event.taskInfo().successful()) {
        failedAttempts.add(new FailedAttempt(event.stageId(), event.taskInfo().index(),
            event.taskInfo().executorId(), event.reason() instanceof ExecutorLostFailure,
            event.reason().toString()));
      } else if (event.stageId() == armedStage) {
        armedStageSuccesses.add(new Attempt(event.taskInfo().index(), event.taskInfo().executorId()));
      }
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
      removedExecutors.add(event.executorId());
    }
  }

  /**
   * Runs {@code kill -<signal> <pid>}: SIGKILL is a real signal the JVM can neither catch nor clean up after, as
   * when the OOM killer or a lost machine takes it.
   */
  private static void signal(String signal, ProcessHandle process) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
      assertEquals(0, kill.waitFor(), "kill -" + signal + " " + process.pid());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
