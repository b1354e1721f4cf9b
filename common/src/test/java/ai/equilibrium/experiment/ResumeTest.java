package ai.equilibrium.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.checkpoint.Checkpointer;
import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume on the in-process backend: a run resumed from a checkpoint reproduces the uninterrupted run's
 * metrics.jsonl, eval.jsonl and state bit for bit, also when the newest checkpoint was cut off before its
 * commit marker or torn; and a resumed run refuses a changed experiment, naming the keys.
 * (The kill -9 of a real driver JVM is ResumeAfterKillIT's, in the jobs module.)
 */
class ResumeTest {
  private static final int STEPS = 30;

  /** Ring of 8 with BRC, spectral normalization and the gap-aware schedule, in double precision. */
  static List<String> ringOverrides(Path outputDir, String name) {
    return List.of("data.source=gaussian-ring", "data.mixture-samples=2000", "model.latent-dim=8",
        "model.generator-hidden=[32,32]", "model.adversary-hidden=[32,32]", "model.precision=double",
        "train.batch-size=32", "run.seed=11", "stabilize.brc.enabled=true", "stabilize.spectral-norm=true",
        "optimizer.main.lr=1e-3", "optimizer.adversary.lr=1e-3", "run.steps=" + STEPS, "run.checkpoint-every=10",
        "run.sample-every=10", "run.progress-every=0", "run.output-dir=" + outputDir.toUri(), "run.name=" + name);
  }

  private static Path train(TrainingRun<?, ?, ?> run) {
    return trainCaptured(run);
  }

  private static <G extends ai.equilibrium.game.AdversarialGame<N, S>, N extends ai.equilibrium.game.GameNetworks,
      S extends java.io.Serializable> Path trainCaptured(TrainingRun<G, N, S> run) {
    try (var backend = run.experiment().localBackend()) {
      run.train(backend, backend, new PrintStream(PrintStream.nullOutputStream()), List.of());
    }
    return Path.of(java.net.URI.create(run.directory().location()));
  }

  private static Path straightRun(Path dir) {
    ExperimentConfig config = ExperimentSchema.load(null, ringOverrides(dir, "straight"));
    return train(TrainingRun.start(config, new PrintStream(PrintStream.nullOutputStream())));
  }

  private static void assertSameRun(Path expected, Path actual) throws IOException {
    try (var files = Files.walk(actual)) {
      assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".crc")).toList(),
          "no Hadoop checksum sidecars in a run directory");
    }
    assertEquals(RunFiles.lines(expected.resolve("metrics.jsonl")), RunFiles.lines(actual.resolve("metrics.jsonl")),
        "metrics.jsonl");
    assertEquals(RunFiles.lines(expected.resolve("eval.jsonl")), RunFiles.lines(actual.resolve("eval.jsonl")),
        "eval.jsonl");
    for (String file : RunFiles.STATE_FILES) {
      assertArrayEquals(RunFiles.bytes(expected.resolve("checkpoints/step-" + STEPS).resolve(file)),
          RunFiles.bytes(actual.resolve("checkpoints/step-" + STEPS).resolve(file)), file);
    }
  }

  /** How the newest checkpoint of an interrupted run was left. */
  enum Interruption {
    /** The run stopped after step 20's checkpoint, in the middle of step 25. */
    STOPPED_MID_INTERVAL,
    /** It stopped between writing step 30's checkpoint and its commit marker. */
    MARKER_MISSING,
    /** Step 30's marker is there but one of its files was torn afterwards. */
    FILE_TORN
  }

  @Test
  void aResumedRunIsBitwiseTheUninterruptedOneWhereverItStopped(@TempDir Path dir) throws Exception {
    Path expected = straightRun(dir);
    for (Interruption interruption : Interruption.values()) {
      String name = interruption.name().toLowerCase();
      List<String> first = new ArrayList<>(ringOverrides(dir, name));
      if (interruption == Interruption.STOPPED_MID_INTERVAL) {
        first.add("run.steps=25"); // the end's checkpoint (25) is then removed: the run "died" at step 25
      }
      Path run = train(TrainingRun.start(ExperimentSchema.load(null, first), new PrintStream(PrintStream.nullOutputStream())));
      switch (interruption) {
        case STOPPED_MID_INTERVAL -> deleteRecursively(run.resolve("checkpoints/step-25"));
        case MARKER_MISSING -> Files.delete(run.resolve("checkpoints/step-30/" + Checkpointer.MARKER));
        case FILE_TORN -> {
          Path state = run.resolve("checkpoints/step-30/adversary-state.bin");
          byte[] bytes = Files.readAllBytes(state);
          Files.write(state, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        }
      }
      ByteArrayOutputStream said = new ByteArrayOutputStream();
      TrainingRun<?, ?, ?> resumed = TrainingRun.resume(run.toUri().toString(), null, List.of("run.steps=" + STEPS),
          new PrintStream(said, true, StandardCharsets.UTF_8));
      assertEquals(20, resumed.startStep(), interruption + ": " + said);
      if (interruption != Interruption.STOPPED_MID_INTERVAL) {
        assertTrue(said.toString(StandardCharsets.UTF_8).contains("passing over"), said.toString(StandardCharsets.UTF_8));
      }
      train(resumed);
      assertSameRun(expected, run);
    }
  }

  /** Domain adaptation on two moons: the DANN λ schedule, the gap-aware schedule, evaluations every 10 steps. */
  static List<String> moonsOverrides(Path outputDir, String name) {
    return List.of("game.type=domain-adaptation", "data.source=two-moons", "data.moons.samples=300",
        "model.feature-hidden=[16]", "model.feature-dimension=8", "model.adversary-hidden=[16]",
        "model.precision=double", "train.batch-size=32", "train.update-order=simultaneous", "run.seed=4",
        "optimizer.main.decay=dann", "run.steps=" + STEPS, "run.checkpoint-every=10", "eval.every=10",
        "run.progress-every=0", "run.output-dir=" + outputDir.toUri(), "run.name=" + name);
  }

  /**
   * A domain-adaptation run that died after step 30's work, before its checkpoint, resumes from step 20 and
   * ends bitwise as the run that never stopped: its three networks, both optimizers, the schedule and the
   * step-dependent λ and learning-rate decay. Its step budget cannot change on resume, since λ follows it.
   */
  @Test
  void aDomainAdaptationRunResumesBitwiseAndKeepsItsStepBudget(@TempDir Path dir) throws Exception {
    PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
    Path expected = train(TrainingRun.start(ExperimentSchema.load(null, moonsOverrides(dir, "straight")), quiet));
    Path run = train(TrainingRun.start(ExperimentSchema.load(null, moonsOverrides(dir, "died")), quiet));
    deleteRecursively(run.resolve("checkpoints/step-" + STEPS));
    assertTrue(Files.exists(run.resolve("checkpoints/step-20/domain-classifier.zip")), "the three networks' models");

    ConfigError budget = assertThrows(ConfigError.class, () -> TrainingRun.resume(run.toUri().toString(), null,
        List.of("run.steps=60"), quiet));
    assertEquals("run.steps", budget.key());
    assertTrue(budget.getMessage().contains("fraction of training done"), budget.getMessage());

    TrainingRun<?, ?, ?> resumed = TrainingRun.resume(run.toUri().toString(), null, List.of(), quiet);
    assertEquals(20, resumed.startStep());
    train(resumed);
    assertSameRun(expected, run);
    assertEquals(3, RunFiles.lines(run.resolve("eval.jsonl")).size(), "evaluations at 10, 20 and 30");
  }

  @Test
  void aResumedRunRefusesAChangedExperimentNamingTheKeys(@TempDir Path dir) {
    Path run = straightRun(dir);
    ConfigError error = assertThrows(ConfigError.class, () -> TrainingRun.resume(run.toString(), null,
        List.of("optimizer.main.lr=5e-4", "train.partitions=4", "run.steps=60"), System.out));
    assertEquals("optimizer.main.lr", error.key());
    assertTrue(error.getMessage().contains("train.partitions 2 -> 4"), error.getMessage());
    assertFalse(error.getMessage().contains("run.steps 30"), "the step budget may change: " + error.getMessage());
    assertEquals(STEPS, RunFiles.lines(run.resolve("metrics.jsonl")).size(), "a refused resume leaves the run as it was");
  }

  @Test
  void resumingWhatIsNoRunSaysSo(@TempDir Path dir) {
    ConfigError error = assertThrows(ConfigError.class, () -> TrainingRun.resume(dir.toString(), null, List.of(),
        System.out));
    assertEquals("--resume", error.key());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> TrainingRun.resume(dir.resolve("absent").toString(), null, List.of(), System.out));
    assertTrue(missing.getMessage().contains("absent"), missing.getMessage());
  }

  private static void deleteRecursively(Path path) throws Exception {
    try (var walk = Files.walk(path)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

}
