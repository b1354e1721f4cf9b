package ai.equilibrium.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.schedule.AdversaryLrSchedule;
import ai.equilibrium.schedule.ConstantSchedule;
import ai.equilibrium.schedule.GapAwareSchedule;
import ai.equilibrium.schedule.Schedules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentSchemaTest {

  @TempDir
  Path dir;

  /** The repository's conf/ directory; Surefire runs in the common module, whose parent holds it. */
  private static Path repoConf(String name) {
    Path fromModule = Paths.get(System.getProperty("user.dir")).resolve("../conf").resolve(name).normalize();
    return Files.isRegularFile(fromModule) ? fromModule : Paths.get("conf", name).toAbsolutePath();
  }

  private static ConfigError error(List<String> overrides) {
    return assertThrows(ConfigError.class, () -> ExperimentSchema.load(null, overrides));
  }

  @Test
  void defaultsLoad() {
    ExperimentConfig c = ExperimentSchema.load(null, List.of());
    assertEquals(Settings.Architecture.MLP, c.model().architecture());
    assertEquals(64, c.model().latentDim(), "latent-dim auto is 64 for mlp");
    assertEquals(List.of(256, 512), c.model().generatorHidden());
    assertEquals(Settings.Precision.FLOAT, c.model().precision());
    assertEquals(Settings.LossKind.NON_SATURATING, c.game().loss());
    assertEquals(64, c.train().batchSize());
    assertEquals(2, c.train().partitions());
    assertEquals(Settings.UpdateOrderKind.ALTERNATING, c.train().updateOrder());
    assertEquals("adam", c.mainOptimizer().type());
    assertEquals(2e-4, c.adversaryOptimizer().lr(), 0.0);
    assertEquals(Settings.ScheduleKind.GAP_AWARE, c.schedule().type());
    assertEquals(0.95, c.schedule().decay(), 0.0);
    assertTrue(c.schedule().xMin().isEmpty(), "x-min auto");
    assertTrue(c.spark().conf().isEmpty());
    assertTrue(c.rendered().contains("batch-size"));
  }

  @Test
  void overridesApply() {
    ExperimentConfig c = ExperimentSchema.load(null,
        List.of("model.architecture=dcgan-28", "train.batch-size=128", "game.loss=minimax", "schedule.x-min=0.2"));
    assertEquals(Settings.Architecture.DCGAN_28, c.model().architecture());
    assertEquals(100, c.model().latentDim(), "latent-dim auto is 100 for dcgan-28");
    assertEquals(128, c.train().batchSize());
    assertEquals(Settings.LossKind.MINIMAX, c.game().loss());
    assertEquals(OptionalDouble.of(0.2), c.schedule().xMin());
  }

  @Test
  void unknownKeySuggestsTheClosestKnownOne() {
    ConfigError e = error(List.of("train.batch-sze=3"));
    assertEquals("train.batch-sze", e.key());
    assertTrue(e.getMessage().contains("'train.batch-sze'"), e.getMessage());
    assertTrue(e.getMessage().contains("'train.batch-size'"), e.getMessage());
    assertTrue(e.getMessage().contains("the command line"), "names where the key came from: " + e.getMessage());
  }

  @Test
  void unknownKeyInAFileIsRejected() throws IOException {
    Path file = dir.resolve("typo.conf");
    Files.writeString(file, "optimizer { adversary { betta1 = 0.9 } }\n");
    ConfigError e = assertThrows(ConfigError.class, () -> ExperimentSchema.load(file.toString(), List.of()));
    assertEquals("optimizer.adversary.betta1", e.key());
    assertTrue(e.getMessage().contains("optimizer.adversary.beta1"), e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
  }

  @Test
  void invalidEnumNamesTheKeyAndListsAllowedValues() {
    ConfigError e = error(List.of("game.loss=hinged"));
    assertEquals("game.loss", e.key());
    assertTrue(e.getMessage().contains("game.loss"), e.getMessage());
    assertTrue(e.getMessage().contains("hinged"), e.getMessage());
    assertTrue(e.getMessage().contains("non-saturating"), e.getMessage());
    assertTrue(e.getMessage().contains("minimax"), e.getMessage());
  }

  @Test
  void batchSizeMustDivideIntoPartitions() {
    ConfigError e = error(List.of("train.batch-size=65", "train.partitions=2"));
    assertEquals("train.batch-size", e.key());
    assertTrue(e.getMessage().contains("train.batch-size"), e.getMessage());
    ConfigError e2 = error(List.of("train.batch-size=64", "train.partitions=2", "train.micro-batches-per-partition=3"));
    assertEquals("train.batch-size", e2.key());
  }

  @Test
  void simultaneousUpdatesNeedOneAdversaryStep() {
    ConfigError e = error(List.of("train.update-order=simultaneous", "train.adversary-steps=2"));
    assertEquals("train.adversary-steps", e.key());
    assertTrue(e.getMessage().contains("train.adversary-steps"), e.getMessage());
    // accepted when alternating
    assertEquals(2, ExperimentSchema.load(null, List.of("train.update-order=alternating", "train.adversary-steps=2"))
        .train().adversarySteps());
  }

  @Test
  void theGeneratorOptimizerIsReadAsTheMainPlayers() {
    assertEquals(0.03, ExperimentSchema.load(null, List.of("optimizer.generator.lr=0.03")).mainOptimizer().lr(), 0.0);
    Path file = dir.resolve("gan-only.conf");
    try {
      java.nio.file.Files.writeString(file, "optimizer { generator { type = sgd, lr = 0.05 } }\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    ExperimentConfig fromFile = ExperimentSchema.load(file.toString(), List.of());
    assertEquals("sgd", fromFile.mainOptimizer().type());
    assertEquals(0.05, fromFile.mainOptimizer().lr(), 0.0);
    assertTrue(fromFile.rendered().contains("main"), "the resolved config uses the new name");
    ConfigError both = error(List.of("optimizer.generator.lr=0.03", "optimizer.main.lr=0.01"));
    assertEquals("optimizer.generator", both.key());
  }

  @Test
  void outOfRangeNumbersNameTheKey() {
    assertEquals("schedule.decay", error(List.of("schedule.decay=1.0")).key());
    assertEquals("schedule.h-min", error(List.of("schedule.h-min=0")).key());
    assertEquals("schedule.f-max", error(List.of("schedule.f-max=0.5")).key());
    assertEquals("run.steps", error(List.of("run.steps=0")).key());
    assertEquals("optimizer.main.lr", error(List.of("optimizer.main.lr=-1")).key());
    assertEquals("train.batch-size", error(List.of("train.batch-size=many")).key());
  }

  @Test
  void wrongTypesNameTheKeyWhereverTheyAreRead() {
    assertEquals("run.seed", error(List.of("run.seed=abc")).key());
    assertEquals("spark.conf", error(List.of("spark.conf=3")).key());
    assertEquals("model.latent-dim", error(List.of("model.latent-dim=null")).key());
    assertEquals("run.output-dir", error(List.of("run.output-dir=\"\"")).key(), "an empty path means another place");
  }

  @Test
  void sectionsAndValuesMixedUpNameTheKey() {
    ConfigError valueAsSection = error(List.of("data.path={dir = x}"));
    assertEquals("data.path", valueAsSection.key());
    assertTrue(valueAsSection.getMessage().contains("data.path.dir"), valueAsSection.getMessage());
    assertEquals("run", error(List.of("run=5")).key());
    assertEquals("schedule.decya", error(List.of("schedule.decya=null")).key(), "a misspelt key set to null");
    assertEquals(1000, ExperimentSchema.load(null, List.of("optimizer.main={}")).run().steps(), "an empty section is fine");
  }

  @Test
  void anUnresolvableSubstitutionNamesItsKey() throws IOException {
    assertEquals("run.name", error(List.of("run.name=${no-such-variable}")).key());
    Path file = dir.resolve("substitution.conf");
    Files.writeString(file, "train.partitions = ${partition-count}\n");
    ConfigError e = assertThrows(ConfigError.class, () -> ExperimentSchema.load(file.toString(), List.of()));
    assertEquals("train.partitions", e.key());
    assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
    assertEquals("local[2]", ExperimentSchema.load(null, List.of("run.name=\"local[2]\"", "spark.master=${run.name}"))
        .spark().master(), "substitutions that resolve still work");
  }

  @Test
  void missingConfigFileNamesTheOption() {
    Path missing = dir.resolve("nope.conf");
    ConfigError e = assertThrows(ConfigError.class, () -> ExperimentSchema.load(missing.toString(), List.of()));
    assertEquals("--config", e.key());
    assertTrue(e.getMessage().contains("--config"), e.getMessage());
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void malformedOverrideIsRejected() {
    assertThrows(ConfigError.class, () -> ExperimentSchema.load(null, List.of("train.batch-size")));
  }

  @Test
  void sparkConfPassesThroughWithUnquotedKeys() {
    ExperimentConfig c = ExperimentSchema.load(null, List.of("spark.conf.\"spark.task.cpus\"=2"));
    assertEquals("2", c.spark().conf().get("spark.task.cpus"), c.spark().conf().toString());
    assertEquals(1, c.spark().conf().size());
  }

  @Test
  void fileThenOverridesThenDefaults() throws IOException {
    Path file = dir.resolve("exp.conf");
    Files.writeString(file, "train { batch-size = 32, partitions = 4 }\nrun.steps = 7\n");
    ExperimentConfig c = ExperimentSchema.load(file.toString(), List.of("run.steps=9"));
    assertEquals(32, c.train().batchSize());
    assertEquals(4, c.train().partitions());
    assertEquals(9, c.run().steps(), "command-line overrides beat the file");
    assertEquals(1000, ExperimentSchema.load(null, List.of()).run().steps());
  }

  @Test
  void anOverrideThatIsNotHoconIsTakenAsAString() {
    // local[2] alone parses as a string concatenated with a list; the shell has already removed any quotes.
    ExperimentConfig c = ExperimentSchema.load(null, List.of("spark.master=local[2]"));
    assertEquals("local[2]", c.spark().master());
  }

  @Test
  void aLaterOverrideOfTheSameKeyWins() {
    // The jobs' command line passes overrides "in order" (CommandLine.java); as with any CLI, the last
    // occurrence of a key should win.
    ExperimentConfig c = ExperimentSchema.load(null, List.of("run.steps=5", "run.steps=9"));
    assertEquals(9, c.run().steps());
  }

  @Test
  void everyShippedExperimentParsesAndOpensWithAComment() throws IOException {
    Path conf = repoConf("ring-mlp.conf").getParent();
    List<Path> files;
    try (var list = Files.list(conf)) {
      // spark-defaults*.conf are Spark properties files (spark-submit --properties-file), not experiments
      files = list.filter(p -> p.toString().endsWith(".conf") && !p.getFileName().toString().startsWith("spark-defaults"))
          .sorted().toList();
    }
    assertTrue(files.size() >= 6, "expected the shipped experiments in " + conf + ", found " + files);
    for (Path file : files) {
      ExperimentConfig c = ExperimentSchema.load(file.toString(), List.of());
      assertTrue(Files.readString(file).startsWith("#"), file + " opens with a comment saying what it shows");
      assertTrue(c.run().steps() > 0, file.toString());
    }
    ExperimentConfig nsgda = ExperimentSchema.load(conf.resolve("ring-nsgda.conf").toString(), List.of());
    assertEquals("nsgd", nsgda.mainOptimizer().type(), "include + override");
    assertEquals("gaussian-ring", nsgda.data().source(), "taken from the included file");
  }

  @Test
  void everyShippedSweepAndSuiteLoads() throws IOException {
    Path conf = repoConf("ring-mlp.conf").getParent();
    try (var sweeps = Files.list(conf.resolve("sweeps"))) {
      for (Path file : sweeps.filter(p -> p.toString().endsWith(".conf")).toList()) {
        var spec = ai.equilibrium.sweep.SweepFiles.load(file.toString(), List.of());
        assertTrue(Files.readString(file).startsWith("#"), file + " opens with a comment saying what it studies");
        assertTrue(spec.plan().size() >= 10, file + " has too few trials for a claim: " + spec.plan().size());
      }
    }
    try (var suites = Files.walk(conf.resolve("suites"))) {
      for (Path file : suites.filter(p -> p.toString().endsWith(".conf")).toList()) {
        assertTrue(ai.equilibrium.nightly.SuiteFiles.load(file.toString(), List.of()).entries().size() > 0, file.toString());
      }
    }
  }

  @Test
  void ringMlpConfParses() {
    ExperimentConfig c = ExperimentSchema.load(repoConf("ring-mlp.conf").toString(), List.of());
    assertEquals("gaussian-ring", c.data().source());
    assertEquals(Settings.Architecture.MLP, c.model().architecture());
    assertEquals(16, c.model().latentDim());
    assertEquals(List.of(128, 128), c.model().adversaryHidden());
    assertEquals(128, c.train().batchSize());
    assertEquals(1e-3, c.mainOptimizer().lr(), 0.0);
    assertEquals(0.999, c.mainOptimizer().beta2(), 0.0, "unset keys of a section keep their defaults");
    assertEquals("ring-mlp", c.run().name());
  }

  @Test
  void fashionMnistDcganConfParses() {
    ExperimentConfig c = ExperimentSchema.load(repoConf("fashion-mnist-dcgan.conf").toString(), List.of());
    assertEquals("fashion-mnist", c.data().source());
    assertEquals(Settings.Architecture.DCGAN_28, c.model().architecture());
    assertEquals(100, c.model().latentDim());
    assertEquals(64, c.train().batchSize());
    assertEquals(600, c.run().steps());
  }

  @Test
  void gapAwareScheduleWithZeroIdealLossNeedsExplicitXMin() {
    Settings.Schedule auto = new Settings.Schedule(Settings.ScheduleKind.GAP_AWARE, 0.95, 0.1, 2.0,
        OptionalDouble.empty(), OptionalDouble.empty());
    ConfigError e = assertThrows(ConfigError.class, () -> Schedules.of(auto, 0.0));
    assertEquals("schedule.x-min", e.key());
    assertTrue(e.getMessage().contains("schedule.x-min"), e.getMessage());

    Settings.Schedule onlyMin = new Settings.Schedule(Settings.ScheduleKind.GAP_AWARE, 0.95, 0.1, 2.0,
        OptionalDouble.of(0.1), OptionalDouble.empty());
    assertEquals("schedule.x-max", assertThrows(ConfigError.class, () -> Schedules.of(onlyMin, 0.0)).key());

    Settings.Schedule explicit = new Settings.Schedule(Settings.ScheduleKind.GAP_AWARE, 0.95, 0.1, 2.0,
        OptionalDouble.of(0.1), OptionalDouble.of(0.1));
    AdversaryLrSchedule s = Schedules.of(explicit, 0.0);
    assertTrue(s instanceof GapAwareSchedule);
    assertEquals(0.0, s.smoothedLoss(), 0.0);
  }

  @Test
  void scheduleFromDefaultsUsesTenthOfVStar() {
    ExperimentConfig c = ExperimentSchema.load(null, List.of());
    GapAwareSchedule s = (GapAwareSchedule) Schedules.of(c.schedule(), Math.log(4));
    // x_max = 0.1 ln 4: at ema = 1.1 ln 4 the multiplier reaches f_max = 2 exactly
    assertEquals(2.0, s.multiplierAt(1.1 * Math.log(4)), 1e-12);
    assertEquals(Math.pow(2, 0.5), s.multiplierAt(1.05 * Math.log(4)), 1e-12);
    assertTrue(Schedules.of(ExperimentSchema.load(null, List.of("schedule.type=constant")).schedule(), 0.0)
        instanceof ConstantSchedule);
  }
}
