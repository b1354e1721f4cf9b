package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.data.DataLocations;
import ai.equilibrium.spark.RecordingFileSystem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file system that Hadoop knows only through {@code spark.hadoop.fs.eqfs.impl}, given in the experiment's
 * spark.conf and nowhere else: the driver reads the model file and writes the run directory through it, the
 * executors (two JVMs of a local cluster) read the training data through it, and an executor that runs a sweep
 * trial as a task writes that trial's run directory through it. Without the driver's Hadoop configuration on
 * every JVM, Hadoop would answer "No FileSystem for scheme eqfs".
 */
class HadoopSettingsIT {
  private static final String FASHION = DataLocations.fashionMnist();

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void sparkHadoopSettingsReachEveryFileAccessOnTheDriverAndTheExecutors() throws IOException {
    Path log = dir.resolve("eqfs.log");
    Path model = Path.of(System.getProperty("equilibrium.repo.root", ".."), "models/fashion-mnist-classifier-v1.zip")
        .toAbsolutePath().normalize();
    List<String> cluster = List.of("spark.master=\"local-cluster[2,1,1024]\"",
        "spark.conf.\"spark.hadoop.fs.eqfs.impl\"=" + RecordingFileSystem.class.getName(),
        "spark.conf.\"spark.hadoop.eqfs.log\"=\"" + log + "\"",
        "spark.conf.\"spark.executor.extraClassPath\"=\"" + System.getProperty("java.class.path") + "\"",
        "spark.conf.\"spark.executor.extraJavaOptions\"=\"" + System.getProperty("equilibrium.java17.options", "")
            + "\"",
        "spark.conf.\"spark.jars\"=\"" + System.getProperty("equilibrium.jobs.jar") + "\"");
    List<String> run = new java.util.ArrayList<>(List.of("data.path=\"eqfs://" + FASHION + "\"",
        "eval.extractor-path=\"eqfs://" + model + "\"", "run.output-dir=\"eqfs://" + dir.resolve("runs") + "\"",
        "run.steps=2", "train.batch-size=8", "eval.samples=20", "run.progress-every=0"));
    run.addAll(cluster);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = TrainJob.run(run.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
    assertTrue(Files.exists(dir.resolve("runs/run/eval.jsonl")), "the run's files are there");

    Path sweep = Files.writeString(dir.resolve("sweep.conf"), "sweep {\n  name = tasks\n  base = \""
        + Path.of(System.getProperty("equilibrium.repo.root", ".."), "conf/ring-mlp.conf").toAbsolutePath()
        + "\"\n  overrides = [\"run.steps=4\", \"run.progress-every=0\", \"data.mixture-samples=500\", "
        + "\"run.sample-every=0\"]\n  trials = 1\n  metric = modes_covered\n  direction = higher\n"
        + "  placement = tasks\n  output-dir = \"eqfs://" + dir.resolve("sweeps") + "\"\n}\n");
    List<String> sweepArgs = new java.util.ArrayList<>(List.of(sweep.toString()));
    sweepArgs.addAll(cluster);
    assertEquals(0, JobMain.run(sweepArgs.toArray(String[]::new), SweepJob.SPEC, new PrintStream(
        new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)),
        err.toString(StandardCharsets.UTF_8));

    long driver = ProcessHandle.current().pid();
    List<String[]> accesses = Files.readAllLines(log).stream().map(l -> l.split(" ", 3)).toList();
    assertTrue(reached(accesses, driver, "open", "fashion-mnist-classifier-v1.zip"), "the driver reads the model");
    assertTrue(reached(accesses, driver, "create", "/runs/run/"), "the driver writes the run");
    Set<String> executors = accesses.stream().filter(a -> !a[0].equals(Long.toString(driver))
        && a[1].equals("open") && a[2].contains("train-images")).map(a -> a[0]).collect(Collectors.toSet());
    assertEquals(2, executors.size(), "both executor JVMs read their partitions: " + accesses.size() + " accesses");
    assertTrue(accesses.stream().anyMatch(a -> !a[0].equals(Long.toString(driver)) && a[1].equals("create")
        && a[2].contains("/sweeps/tasks/trials/")), "an executor writes the trial it runs");
  }

  private static boolean reached(List<String[]> accesses, long pid, String operation, String path) {
    return accesses.stream().anyMatch(a -> a[0].equals(Long.toString(pid)) && a[1].equals(operation)
        && a[2].contains(path));
  }
}
