package ai.equilibrium.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.spark.block.PhaseObservation;
import ai.equilibrium.spark.block.SparkBlockBackend;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The block backend on Spark's multi-JVM local-cluster: replicas in executor JVMs of their own keep the in-process
 * bits, the driver's ingress per step stays flat when the executors double, and an executor JVM killed with
 * SIGKILL in the middle of a block costs a repeat of the block, not a bit. The timed game's gradients take no
 * matrix products, whose kernels could round differently in the executors' JVMs than in this one. Environment
 * from the failsafe configuration.
 */
class BlockBackendClusterIT {

  private static ExperimentConfig timed(int partitions, int steps, int blockSteps, int computeMillis) {
    return ExperimentSchema.load(null, List.of("game.type=timed", "game.timed.compute-ms=" + computeMillis,
        "game.timed.main-parameters=140000", "game.timed.adversary-parameters=140000", "run.steps=" + steps,
        "train.partitions=" + partitions, "train.batch-size=" + 32 * partitions, "eval.every=0",
        "schedule.type=gap-aware", "spark.backend=block", "spark.block-steps=" + blockSteps));
  }

  private static JavaSparkContext cluster(int executors) throws InterruptedException {
    SparkConf conf = new SparkConf().setMaster("local-cluster[" + executors + ",1,768]").setAppName("blocks")
        .set("spark.ui.enabled", "false").set("spark.executor.memory", "768m")
        .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .set("spark.executor.extraJavaOptions", System.getProperty("equilibrium.java17.options", ""))
        .setJars(new String[] {System.getProperty("equilibrium.jobs.jar")});
    JavaSparkContext sc = new JavaSparkContext(conf);
    // every executor registered before the data is cached, so that each holds a partition
    long deadline = System.currentTimeMillis() + 60_000;
    while (sc.sc().getExecutorMemoryStatus().size() < executors + 1 && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    return sc;
  }

  /** Bytes the driver took in per step on E executors: task results (the blocks' end states) and phase reports. */
  private static double ingressPerStep(int executors) throws InterruptedException {
    int steps = 12;
    ExperimentConfig config = timed(executors, steps, 6, 0);
    DriverIngress ingress = new DriverIngress();
    SparkTestSupport.Outcome onCluster;
    long reportBytes;
    try (JavaSparkContext sc = cluster(executors)) {
      Experiment<?, ?, ?> experiment = Experiment.assemble(config);
      SparkBlockBackend<?, ?, ?> backend = blocks(sc, experiment);
      sc.sc().addSparkListener(ingress); // after the data was cached: what the blocks send
      onCluster = SparkTestSupport.run(experiment, backend, List.of());
      reportBytes = Math.round(backend.traffic().reportBytesPerStep() * steps);
    }
    SparkTestSupport.assertBitwiseEqual(SparkTestSupport.trainInProcess(config), onCluster,
        executors + " executor JVMs against the in-process backend");
    assertEquals(executors, ingress.executors(), "every executor ran a replica");
    return (ingress.bytes() + reportBytes) / (double) steps;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static SparkBlockBackend<?, ?, ?> blocks(JavaSparkContext sc, Experiment<?, ?, ?> experiment) {
    return new SparkBlockBackend(sc, experiment);
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void replicasInExecutorJvmsKeepTheBitsAndTheDriversIngressStaysFlat() throws InterruptedException {
    double two = ingressPerStep(2);
    double four = ingressPerStep(4);
    // per block the driver gets one copy of both players' state (3 x 140,000 doubles each), a few KB per report
    assertTrue(two > 500_000, "the driver took in " + two + " bytes a step");
    assertTrue(four < 1.1 * two, "4 executors sent the driver " + four + " bytes a step, 2 sent " + two);
  }

  /** A real game across executor JVMs: the ring GAN (small layers), two blocks, gap-aware rate, spectral norm. */
  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void theRingGanOnExecutorJvmsIsBitwiseTheInProcessRun() throws InterruptedException {
    ExperimentConfig config = SparkTestSupport.ringConfig("train.partitions=2", "schedule.type=gap-aware",
        "stabilize.spectral-norm=true", "spark.backend=block", "spark.block-steps=6");
    SparkTestSupport.Outcome onCluster;
    try (JavaSparkContext sc = cluster(2)) {
      onCluster = SparkTestSupport.trainOnSpark(config, sc);
    }
    SparkTestSupport.assertBitwiseEqual(SparkTestSupport.trainInProcess(config), onCluster,
        "the ring GAN's replicas in 2 executor JVMs against the in-process backend");
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void anExecutorKilledMidBlockCostsARepeatOfTheBlockNotABit() throws Exception {
    int steps = 24;
    ExperimentConfig config = timed(2, steps, steps, 100);
    SparkTestSupport.Outcome undisturbed = SparkTestSupport.trainInProcess(config);
    SparkTestSupport.Outcome disturbed;
    List<PhaseObservation> observed;
    ProcessHandle victim;
    try (JavaSparkContext sc = cluster(2)) {
      Experiment<?, ?, ?> experiment = Experiment.assemble(config);
      SparkBlockBackend<?, ?, ?> backend = blocks(sc, experiment);
      CompletableFuture<SparkTestSupport.Outcome> training =
          CompletableFuture.supplyAsync(() -> SparkTestSupport.run(experiment, backend, List.of()));
      long deadline = System.currentTimeMillis() + 120_000;
      while (backend.observations().size() < 8 && System.currentTimeMillis() < deadline && !training.isDone()) {
        Thread.sleep(20);
      }
      assertFalse(training.isDone(), "the run ended before the kill");
      victim = ExecutorJvms.under(ProcessHandle.current()).get(0);
      victim.destroyForcibly(); // SIGKILL: the replica dies mid-block, its blocks and cached partition with it
      disturbed = training.get(5, TimeUnit.MINUTES);
      observed = backend.observations();
    }
    assertFalse(victim.isAlive(), "executor JVM " + victim.pid() + " still runs");
    SparkTestSupport.assertBitwiseEqual(undisturbed, disturbed, "a block repeated after an executor was killed");
    assertTrue(observed.size() > steps, "the block ran again from its start: " + observed.size() + " observations");
    assertEquals(steps - 1, observed.get(observed.size() - 1).step());
  }
}
