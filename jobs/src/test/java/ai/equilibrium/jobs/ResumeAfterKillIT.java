package ai.equilibrium.jobs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.checkpoint.Checkpointer;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.experiment.TrainingRun;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver JVM killed with SIGKILL half-way through a run, then resumed, ends bitwise where an uninterrupted
 * run ends: parameters, optimizer, schedule and guard state, and every line of metrics.jsonl and eval.jsonl.
 * With the best-response correction and spectral normalization on, on the in-process backend and on Spark's
 * per-step and block backends.
 */
class ResumeAfterKillIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int STEPS = 80;
  private static final List<String> STATE_FILES = List.of("main-state.bin", "adversary-state.bin", "loop-state.bin");

  private static List<String> overrides(Path dir, String name) {
    return List.of("data.source=gaussian-ring", "data.mixture-samples=2000", "model.latent-dim=8",
        "model.generator-hidden=[32,32]", "model.adversary-hidden=[32,32]", "model.precision=double",
        "train.batch-size=32", "run.seed=5", "stabilize.brc.enabled=true", "stabilize.spectral-norm=true",
        "optimizer.main.lr=1e-3", "optimizer.adversary.lr=1e-3", "run.steps=" + STEPS, "run.checkpoint-every=20",
        "run.sample-every=20", "run.progress-every=0", "spark.master=local[2]", "spark.conf.spark.ui.enabled=false",
        "run.output-dir=" + dir, "run.name=" + name);
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void inProcessDriverKilledMidRunResumesBitwise(@TempDir Path dir) throws Exception {
    Path straight = inProcess(TrainingRun.start(ExperimentSchema.load(null, overrides(dir, "straight")), quiet()));
    Path killed = dir.resolve("killed");
    killMidRun(JobProcess.command(List.of("-Dequilibrium.test.step-delay-ms=40"), InProcessTraining.class.getName(),
        overrides(dir, "killed")), killed);
    ByteArrayOutputStream notes = new ByteArrayOutputStream();
    inProcess(TrainingRun.resume(killed.toString(), null, List.of(), new PrintStream(notes, true, UTF_8)));
    assertTrue(notes.toString(UTF_8).matches("(?s).*equilibrium: taking over \\S+killed from the run killed \\(process "
        + "\\d+ on .*, which has ended.*"), "the killed driver's lease is taken over: " + notes);
    assertSameRun(straight, killed);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void sparkDriverKilledMidRunResumesBitwise(@TempDir Path dir) throws Exception {
    sparkDriverKilledMidRun(dir, List.of());
  }

  /** The block backend: the run is killed while replicas run a block; the resumed run repeats it from step 40. */
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void blockBackendDriverKilledMidRunResumesBitwise(@TempDir Path dir) throws Exception {
    sparkDriverKilledMidRun(dir, List.of("spark.backend=block"));
  }

  private static void sparkDriverKilledMidRun(Path dir, List<String> backend) throws Exception {
    Path killed = dir.resolve("killed");
    killMidRun(JobProcess.command(List.of(), TrainJob.class.getName(), with(overrides(dir, "killed"), backend)), killed);
    Path straight;
    try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("resume")
        .set("spark.ui.enabled", "false"))) {
      straight = Path.of(java.net.URI.create(TrainJob.run(ExperimentSchema.load(null,
          with(overrides(dir, "straight"), backend)), sc).location()));
      TrainJob.resume(killed.toString(), List.of(), sc);
    }
    assertSameRun(straight, killed);
  }

  private static List<String> with(List<String> overrides, List<String> more) {
    List<String> all = new ArrayList<>(overrides);
    all.addAll(more);
    return all;
  }

  /** Starts the driver, kills it with SIGKILL once step 40's checkpoint is committed, and checks it died mid-run. */
  private static void killMidRun(List<String> command, Path run) throws Exception {
    Process driver = JobProcess.start(command, run.getParent(), run.getFileName() + "-driver").process();
    Path committed = run.resolve(Checkpointer.stepPath(STEPS / 2)).resolve(Checkpointer.MARKER);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!Files.exists(committed) && driver.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(driver.isAlive(), "the driver was still running at step " + STEPS / 2 + "; its log: "
        + Files.readString(run.resolveSibling(run.getFileName() + "-driver.err")));
    driver.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flushing, nothing tidied up
    assertEquals(137, driver.waitFor(), "killed by SIGKILL");
    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertNotEquals(STEPS, lines.size(), "the run was killed before its end");
    assertTrue(!Files.exists(run.resolve(Checkpointer.stepPath(STEPS)).resolve(Checkpointer.MARKER)));
  }

  private static <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> Path inProcess(
      TrainingRun<G, N, S> run) {
    try (var backend = run.experiment().localBackend()) {
      run.train(backend, backend, quiet(), List.of());
    }
    return Path.of(java.net.URI.create(run.directory().location()));
  }

  private static void assertSameRun(Path expected, Path actual) throws Exception {
    for (String file : List.of("metrics.jsonl", "eval.jsonl")) {
      assertEquals(withoutWallTime(expected.resolve(file)), withoutWallTime(actual.resolve(file)), file);
    }
    for (String file : STATE_FILES) {
      assertArrayEquals(Files.readAllBytes(expected.resolve(Checkpointer.stepPath(STEPS)).resolve(file)),
          Files.readAllBytes(actual.resolve(Checkpointer.stepPath(STEPS)).resolve(file)), file);
    }
  }

  private static List<String> withoutWallTime(Path file) throws Exception {
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      ObjectNode row = (ObjectNode) JSON.readTree(line);
      row.remove("ms_per_step");
      lines.add(JSON.writeValueAsString(row));
    }
    return lines;
  }

  private static PrintStream quiet() {
    return new PrintStream(PrintStream.nullOutputStream());
  }
}
