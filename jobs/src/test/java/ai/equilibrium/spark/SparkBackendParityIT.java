package ai.equilibrium.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Spark backend on local[2] trains to bitwise the same parameters and losses as the in-process backend
 * with the same partition count: the determinism contract, over whole training runs.
 */
class SparkBackendParityIT {
  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("parity")
        .set("spark.ui.enabled", "false").set("spark.broadcast.compress", "false"));
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @ParameterizedTest(name = "{0}, {1} partitions x {2} micro-batches, {3}, stabilizers: {4}")
  @CsvSource({
      "alternating, 2, 1, float, ",
      "simultaneous, 4, 2, float, ",
      "alternating, 2, 2, double, ",
      "alternating, 2, 2, double, stabilize.brc.enabled=true;stabilize.spectral-norm=true;stabilize.penalty.type=wgan-gp",
      "simultaneous, 2, 1, double, stabilize.brc.enabled=true;stabilize.penalty.type=r1",
      "simultaneous, 2, 1, float, stabilize.brc.enabled=true;stabilize.spectral-norm=true",
      "simultaneous, 2, 2, float, stabilize.brc.enabled=true;stabilize.brc.hessian=fisher;"
          + "stabilize.brc.relative-damping=0.1;stabilize.spectral-norm=true",
      "alternating, 2, 2, double, stabilize.brc.enabled=true;stabilize.brc.hessian=exact;"
          + "stabilize.brc.exact-iterations=3;stabilize.brc.fresh-draw=true",
      "simultaneous, 2, 2, float, model.adversary-dropout=0.3;schedule.warmup-updates=5"})
  void sparkEqualsLocalAfterTwelveSteps(String order, int partitions, int microBatches, String precision,
      String stabilizers) {
    List<String> overrides = new ArrayList<>(List.of("train.update-order=" + order, "train.partitions=" + partitions,
        "train.micro-batches-per-partition=" + microBatches, "model.precision=" + precision));
    if (stabilizers != null) {
      overrides.addAll(List.of(stabilizers.split(";")));
    }
    ExperimentConfig config = SparkTestSupport.ringConfig(overrides.toArray(String[]::new));
    SparkTestSupport.Outcome local = SparkTestSupport.trainLocally(config);
    SparkTestSupport.Outcome spark = SparkTestSupport.train(config,
        t -> new SparkGradientBackend<>(sc, t.game(), t.source()));

    // Both backends merge partition results in the same fixed tree: the same bits, in float as in double.
    SparkTestSupport.assertBitwiseEqual(local, spark, "Spark local[2] against the in-process backend");
    // The runs must have trained: parameters moved away from their initial values.
    ExperimentConfig noSteps = SparkTestSupport.ringConfig("run.steps=1", "train.partitions=" + partitions,
        "train.micro-batches-per-partition=" + microBatches, "model.precision=" + precision,
        "train.update-order=" + order);
    double moved = SparkTestSupport.maxAbsDifference(SparkTestSupport.trainLocally(noSteps).main(), local.main());
    assertTrue(moved > 1e-3, "generator moved only " + moved);
  }

  /**
   * The partitions' results merged on the executors, a level of the tree per shuffle (spark.reduction = tree):
   * the same bits as the in-process backend for partition counts whose trees are unbalanced too.
   */
  @ParameterizedTest(name = "tree reduction, {0}, {1} partitions, {2}")
  @CsvSource({
      "alternating, 3, float, ",
      "alternating, 4, double, ",
      "simultaneous, 5, float, stabilize.brc.enabled=true;stabilize.spectral-norm=true",
      "simultaneous, 7, double, stabilize.penalty.type=r1",
      "alternating, 3, float, stabilize.brc.enabled=true;stabilize.brc.hessian=fisher"})
  void theTreeReductionGivesTheInProcessBits(String order, int partitions, String precision, String stabilizers) {
    List<String> overrides = new ArrayList<>(List.of("train.update-order=" + order, "train.partitions=" + partitions,
        "model.precision=" + precision, "train.batch-size=" + 16 * partitions, "spark.reduction=tree"));
    if (stabilizers != null) {
      overrides.addAll(List.of(stabilizers.split(";")));
    }
    ExperimentConfig config = SparkTestSupport.ringConfig(overrides.toArray(String[]::new));
    SparkTestSupport.Outcome local = SparkTestSupport.trainLocally(config);
    SparkTestSupport.Outcome spark = SparkTestSupport.train(config,
        t -> new SparkGradientBackend<>(sc, t.game(), t.source(), config.spark().reduction()));
    SparkTestSupport.assertBitwiseEqual(local, spark, "the tree reduction against the in-process backend");
  }

  /**
   * The convolutional networks on native ops (conv2d, deconv2d, BatchNorm with per-batch statistics on the
   * real and the generated batch): the same bits on Spark as in-process, dcgan-28 on 28x28 noise images in
   * float and dcgan-64 on 64x64 RGB noise in double.
   */
  @ParameterizedTest(name = "{0}, {1}")
  @CsvSource({"dcgan-28, float, 1, 28", "dcgan-64, double, 3, 64"})
  void convolutionalGanOnSparkEqualsInProcess(String architecture, String precision, int channels, int size) {
    ExperimentConfig config = ExperimentSchema.load(null, List.of("model.architecture=" + architecture,
        "model.precision=" + precision, "data.source=noise-images", "data.noise-images.channels=" + channels,
        "data.noise-images.size=" + size, "data.noise-images.samples=64", "train.batch-size=8",
        "train.partitions=2", "run.steps=3", "run.seed=3"));
    SparkTestSupport.Outcome local = SparkTestSupport.trainInProcess(config);
    SparkTestSupport.Outcome spark = SparkTestSupport.trainOnSpark(config, sc);
    SparkTestSupport.assertBitwiseEqual(local, spark, architecture + " on Spark local[2] against in-process");
    assertTrue(Double.isFinite(local.metrics().get(2).adversaryLoss()), "trained three finite steps");
  }

  /**
   * Domain adaptation on two moons, 12 steps with the DANN λ schedule: the same bits on Spark as in-process,
   * with either update order and with R1 on the domain classifier in feature space.
   */
  @ParameterizedTest(name = "domain adaptation, {0}, {1}, {2}")
  @CsvSource({"alternating, float, ", "simultaneous, double, stabilize.penalty.type=r1;stabilize.penalty.weight=1",
      "simultaneous, float, stabilize.spectral-norm=true"})
  void domainAdaptationOnSparkEqualsInProcess(String order, String precision, String stabilizers) {
    List<String> overrides = new ArrayList<>(List.of("game.type=domain-adaptation", "data.source=two-moons",
        "data.moons.samples=300", "model.feature-hidden=[16]", "model.feature-dimension=8",
        "model.adversary-hidden=[16]", "train.batch-size=32", "train.partitions=2", "train.update-order=" + order,
        "model.precision=" + precision, "run.steps=12", "run.seed=5", "optimizer.main.lr=1e-2",
        "optimizer.adversary.lr=1e-2"));
    if (stabilizers != null) {
      overrides.addAll(List.of(stabilizers.split(";")));
    }
    ExperimentConfig config = ExperimentSchema.load(null, overrides);
    SparkTestSupport.Outcome local = SparkTestSupport.trainInProcess(config);
    SparkTestSupport.Outcome spark = SparkTestSupport.trainOnSpark(config, sc);
    SparkTestSupport.assertBitwiseEqual(local, spark, "domain adaptation on Spark local[2] against in-process");
    assertEquals(12, local.metrics().size());
    assertTrue(local.metrics().get(11).diagnostics().containsKey("source_accuracy"), "the game's diagnostics");
    List<String> oneStep = new ArrayList<>(overrides);
    oneStep.add("run.steps=1");
    double moved = SparkTestSupport.maxAbsDifference(
        SparkTestSupport.trainInProcess(ExperimentSchema.load(null, oneStep)).main(), local.main());
    assertTrue(moved > 1e-3, "the feature extractor and classifier moved only " + moved);
  }
}
