package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.spark.ExecutorJvms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user's terminal shows, TrainJob in a JVM of its own with the submit scripts' logging: Equilibrium's lines
 * alone (Spark's warnings go to the log file), and one line when an executor is lost.
 */
class QuietTerminalIT {
  private static final Path REPO = Path.of(System.getProperty("equilibrium.repo.root", ".."));

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void theDefaultRunWithItsEvaluationsPrintsOnlyItsOwnLines() throws Exception {
    JobProcess.Outcome outcome = train(List.of(), List.of("--config", REPO.resolve("conf/fashion-mnist-mlp.conf")
        .toString(), "run.steps=20", "eval.every=10", "eval.samples=500", "run.progress-every=10",
        "eval.extractor-path=" + REPO.resolve("models/fashion-mnist-classifier-v1.zip")), "default");
    assertEquals(0, outcome.exitCode(), outcome.all());
    assertOnlyOwnLines(outcome);
    assertTrue(outcome.out().contains("equilibrium: FID "), outcome.all());
    Path log = dir.resolve("default.log"); // written on demand: Spark warned of nothing
    assertFalse(Files.exists(log) && Files.readString(log).contains("Broadcasting large task binary"),
        "the evaluation's extractor travels as a broadcast");
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void anExecutorLostMidRunIsOneLine() throws Exception {
    int steps = 150;
    List<String> cluster = List.of("-Dspark.executor.extraClassPath=" + System.getProperty("java.class.path"),
        "-Dspark.executor.extraJavaOptions=" + System.getProperty("equilibrium.java17.options", ""),
        "-Dspark.jars=" + System.getProperty("equilibrium.jobs.jar"), "-Dspark.ui.enabled=false");
    List<String> run = List.of("data.source=gaussian-ring", "data.mixture-samples=2000", "train.partitions=4",
        "run.steps=" + steps, "run.name=loss", "run.sample-every=0", "run.progress-every=50", "spark.master=\"local-cluster[2,1,1024]\"");
    JobProcess driver = start(cluster, run, "loss");
    Path metrics = dir.resolve("runs/loss/metrics.jsonl");
    List<ProcessHandle> executors = ExecutorJvms.await(driver.process().toHandle(), 2, 120_000);
    while (driver.process().isAlive() && (!Files.exists(metrics) || Files.readAllLines(metrics).size() < 10)) {
      Thread.sleep(100);
    }
    assertEquals(2, executors.size(), "two executor JVMs");
    ProcessHandle victim = executors.get(0);
    String victimId = ExecutorJvms.executorId(victim);
    victim.destroyForcibly(); // SIGKILL
    JobProcess.Outcome outcome = driver.await(4);
    assertEquals(0, outcome.exitCode(), outcome.all());
    assertOnlyOwnLines(outcome);
    List<String> lost = outcome.lines().stream().filter(l -> l.contains("lost executor")).toList();
    assertEquals(1, lost.size(), outcome.all());
    assertTrue(lost.get(0).startsWith("equilibrium: lost executor " + victimId + " ("), lost.get(0));
    assertEquals(steps, Files.readAllLines(metrics).size(), "every step, despite the loss");
  }

  /** Every terminal line is one of Equilibrium's: no WARN or ERROR lines of Spark, Hadoop or Netty, no stack trace. */
  private static void assertOnlyOwnLines(JobProcess.Outcome outcome) {
    for (String line : outcome.lines()) {
      assertTrue(line.startsWith("equilibrium: ") || line.startsWith("step "), "not Equilibrium's: " + line
          + "\n" + outcome.all());
    }
  }

  private JobProcess.Outcome train(List<String> jvmOptions, List<String> arguments, String name) throws Exception {
    return start(jvmOptions, arguments, name).await(3);
  }

  private JobProcess start(List<String> jvmOptions, List<String> arguments, String name) throws Exception {
    List<String> options = new ArrayList<>(jvmOptions);
    options.add("-Dequilibrium.log.file=" + dir.resolve(name + ".log"));
    List<String> all = new ArrayList<>(arguments);
    all.add("run.output-dir=" + dir.resolve("runs"));
    return JobProcess.start(JobProcess.command(options, TrainJob.class.getName(), all), dir, name);
  }
}
