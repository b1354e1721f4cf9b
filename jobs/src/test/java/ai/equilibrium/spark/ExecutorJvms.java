package ai.equilibrium.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The executor JVMs a local-cluster's workers started under a driver process, found by their command lines. */
public final class ExecutorJvms {
  private static final String EXECUTOR_MAIN_CLASS = "org.apache.spark.executor.CoarseGrainedExecutorBackend";

  private ExecutorJvms() {}

  /** The live executor JVMs below {@code driver}. */
  public static List<ProcessHandle> under(ProcessHandle driver) {
    return driver.descendants().filter(ProcessHandle::isAlive)
        .filter(p -> commandLine(p).contains(EXECUTOR_MAIN_CLASS)).toList();
  }

  /** Waits until {@code count} executor JVMs run below {@code driver}: a master replaces a lost one in seconds. */
  public static List<ProcessHandle> await(ProcessHandle driver, int count, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    List<ProcessHandle> executors = under(driver);
    while (executors.size() < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
      executors = under(driver);
    }
    return executors;
  }

  /** Spark's id of an executor JVM, from its --executor-id argument. */
  public static String executorId(ProcessHandle executor) {
    List<String> arguments = commandLine(executor);
    int at = arguments.indexOf("--executor-id");
    return at >= 0 && at + 1 < arguments.size() ? arguments.get(at + 1) : null;
  }

  /**
   * The full command line from /proc: {@link ProcessHandle.Info} cuts it at 4096 bytes and then gives no
   * arguments, and an executor's class path alone is longer.
   */
  private static List<String> commandLine(ProcessHandle process) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
      return List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
    } catch (IOException e) { // the process ended meanwhile
      return List.of();
    }
  }
}
