package ai.equilibrium.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.config.Settings;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.spark.block.PhaseObservation;
import ai.equilibrium.spark.block.SparkBlockBackend;
import ai.equilibrium.train.StepMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The block backend (spark.backend = block) on local[4]: replicas that reduce gradients among themselves through
 * the block manager and update their own copies of both players train to bitwise the in-process result, over
 * several blocks, in either precision and update order, with the stabilizers that touch the update.
 */
class BlockBackendParityIT {
  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = new JavaSparkContext(new SparkConf().setMaster("local[4]").setAppName("block parity")
        .set("spark.ui.enabled", "false"));
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @ParameterizedTest(name = "{0}, {1} partitions, {2}, stabilizers: {3}")
  @CsvSource({
      "alternating, 2, float, ",
      "simultaneous, 4, float, ",
      "alternating, 3, double, stabilize.brc.enabled=true;stabilize.spectral-norm=true;stabilize.penalty.type=wgan-gp",
      "simultaneous, 2, double, stabilize.brc.enabled=true;stabilize.penalty.type=r1",
      "alternating, 4, float, stabilize.spectral-norm=true;schedule.type=gap-aware",
      "simultaneous, 2, float, model.adversary-dropout=0.3;schedule.warmup-updates=5;stabilize.brc.enabled=true",
      // gradients of about 4 MB: reduce-scattered and all-gathered in uneven slices, not gathered whole
      "alternating, 3, float, 'model.generator-hidden=[1024,1024];model.adversary-hidden=[1024,1024]'"})
  void blocksOfReplicasGiveTheInProcessBits(String order, int partitions, String precision, String stabilizers) {
    List<String> overrides = new ArrayList<>(List.of("train.update-order=" + order, "train.partitions=" + partitions,
        "model.precision=" + precision, "train.batch-size=" + 16 * partitions, "spark.backend=block",
        "spark.block-steps=5"));
    if (stabilizers != null) {
      overrides.addAll(List.of(stabilizers.split(";")));
    }
    ExperimentConfig config = SparkTestSupport.ringConfig(overrides.toArray(String[]::new));
    SparkTestSupport.Outcome local = SparkTestSupport.trainInProcess(config);
    SparkTestSupport.Outcome blocks = SparkTestSupport.trainOnSpark(config, sc);
    SparkTestSupport.assertBitwiseEqual(local, blocks, "blocks of 5 steps against the in-process backend");
  }

  /** A convolutional GAN (native conv ops, BatchNorm) and domain adaptation on the same backend. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "model.architecture=dcgan-28;model.precision=float;data.source=noise-images;data.noise-images.channels=1;"
          + "data.noise-images.size=28;data.noise-images.samples=64;train.batch-size=8;run.steps=3;run.seed=3",
      "game.type=domain-adaptation;data.source=two-moons;data.moons.samples=300;model.feature-hidden=[16];"
          + "model.feature-dimension=8;model.adversary-hidden=[16];train.batch-size=32;run.steps=12;"
          + "train.update-order=simultaneous;model.precision=double;stabilize.penalty.type=r1;"
          + "stabilize.penalty.weight=1"})
  void otherGamesGiveTheInProcessBits(String settings) {
    List<String> overrides = new ArrayList<>(List.of(settings.split(";")));
    overrides.addAll(List.of("train.partitions=2", "spark.backend=block", "spark.block-steps=4"));
    ExperimentConfig config = ExperimentSchema.load(null, overrides);
    SparkTestSupport.Outcome local = SparkTestSupport.trainInProcess(config);
    SparkTestSupport.Outcome blocks = SparkTestSupport.trainOnSpark(config, sc);
    SparkTestSupport.assertBitwiseEqual(local, blocks, "blocks against the in-process backend");
  }

  /**
   * The schedule is the driver's: the multiplier every replica applied at a step (its metrics) is the one the
   * driver's schedule answered for that step's merged adversary loss, and the driver observed each step once.
   */
  @Test
  void theMultiplierTheReplicasApplyIsTheDriversAnswer() {
    ExperimentConfig config = SparkTestSupport.ringConfig("train.partitions=3", "train.batch-size=48",
        "schedule.type=gap-aware", "spark.backend=block", "spark.block-steps=5", "run.steps=12");
    var training = ai.equilibrium.gan.GanAssembly.experiment(config);
    List<StepMetrics> metrics = new ArrayList<>();
    List<PhaseObservation> observed;
    try (SparkBlockBackend<?, ?, ?> backend = new SparkBlockBackend<>(sc, training)) {
      training.loop(backend, List.of((m, state) -> metrics.add(m))).run(0, 12);
      observed = backend.observations();
    }
    assertEquals(12, observed.size(), "one adversary phase a step, observed once");
    for (int i = 0; i < 12; i++) {
      StepMetrics m = metrics.get(i);
      PhaseObservation o = observed.get(i);
      assertEquals(i, o.step());
      assertEquals(m.adversaryLoss(), o.adversaryLoss(), 0.0, "step " + m.step() + ": the loss the driver saw");
      assertEquals(m.lrMultiplier(), o.multiplier(), 0.0, "step " + m.step() + ": the multiplier applied");
    }
    assertTrue(observed.stream().anyMatch(o -> o.multiplier() != 1.0), "the schedule moved the rate: " + observed);
  }

  /**
   * A replica that ended the previous block holds the next block's start state and does not read it again: over
   * three blocks, each of the 2 replicas reads the start state once, at the first block.
   */
  @Test
  void replicasReadTheStartStateOnlyWhenTheyDoNotHoldIt() {
    ExperimentConfig config = SparkTestSupport.ringConfig("train.partitions=2", "train.batch-size=32",
        "spark.backend=block", "spark.block-steps=4", "run.steps=12");
    var training = ai.equilibrium.gan.GanAssembly.experiment(config);
    try (SparkBlockBackend<?, ?, ?> backend = new SparkBlockBackend<>(sc, training)) {
      training.loop(backend, List.of()).run(0, 12);
      assertEquals(3, backend.traffic().blocks());
      assertEquals(2, backend.traffic().startStatesRead(), "each replica read the start state once");
    }
  }

  /** spark.backend = auto runs blocks where every partition has a task slot (local[4] here), else per step. */
  @Test
  void autoRunsBlocksWhereEveryPartitionHasASlot() {
    assertEquals(Settings.BackendKind.BLOCK, SparkBackends.choose(sc.sc(), 4).kind());
    SparkBackends.Choice tooMany = SparkBackends.choose(sc.sc(), 5);
    assertEquals(Settings.BackendKind.PER_STEP, tooMany.kind());
    assertTrue(tooMany.describe().startsWith("per-step (4 task slots for 5 partitions"), tooMany.describe());
  }

  /**
   * A best-response correction that reads micro-batch gradients or re-evaluates them within a phase needs the
   * driver at every phase: auto picks per-step for it, and blocks named outright are refused with the reason.
   */
  @Test
  void correctionsThatNeedTheDriverEveryPhaseRunPerStep() {
    for (String hessian : List.of("fisher", "exact")) {
      Experiment<?, ?, ?> fisher = Experiment.assemble(SparkTestSupport.ringConfig("spark.backend=auto",
          "model.precision=double", "stabilize.brc.enabled=true", "stabilize.brc.hessian=" + hessian));
      SparkBackends.Choice choice = SparkBackends.choice(sc.sc(), fisher);
      assertEquals(Settings.BackendKind.PER_STEP, choice.kind(), choice.describe());
      assertTrue(choice.describe().contains("stabilize.brc"), choice.describe());
      Experiment<?, ?, ?> named = Experiment.assemble(SparkTestSupport.ringConfig("spark.backend=block",
          "model.precision=double", "stabilize.brc.enabled=true", "stabilize.brc.hessian=" + hessian));
      ConfigError refused = assertThrows(ConfigError.class, () -> SparkBackends.choice(sc.sc(), named));
      assertTrue(refused.getMessage().contains("spark.backend"), refused.getMessage());
    }
    Experiment<?, ?, ?> batchMean = Experiment.assemble(SparkTestSupport.ringConfig("spark.backend=auto",
        "stabilize.brc.enabled=true"));
    assertEquals(Settings.BackendKind.BLOCK, SparkBackends.choice(sc.sc(), batchMean).kind());
  }
}
