package ai.equilibrium.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * spark.reduction = tree on Spark's multi-JVM local-cluster with 2 and then 4 executor JVMs, one data partition
 * each: the partitions' gradient sums merge between the executors, so what the tasks send the driver per step
 * stays the same when the executors double (on the driver it doubles), and the runs keep the in-process bits. The
 * timed game's gradients (its parameters, 140,000 floats a player) take no matrix products, whose kernels could
 * round differently in the executors' JVMs than in this one with other thread counts. Environment from the
 * failsafe configuration.
 */
class TreeReductionClusterIT {
  private static final int STEPS = 6;

  /** The driver's ingress per step, from Spark's task result sizes, of a run on E executors. */
  private static double ingressPerStep(int executors, String reduction) throws InterruptedException {
    ExperimentConfig config = ExperimentSchema.load(null, List.of("game.type=timed", "game.timed.compute-ms=0",
        "game.timed.main-parameters=140000", "game.timed.adversary-parameters=140000", "run.steps=" + STEPS,
        "train.partitions=" + executors, "train.batch-size=" + 32 * executors, "eval.every=0",
        "spark.reduction=" + reduction));
    SparkConf conf = new SparkConf().setMaster("local-cluster[" + executors + ",1,768]").setAppName("tree")
        .set("spark.ui.enabled", "false").set("spark.executor.memory", "768m")
        .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .set("spark.executor.extraJavaOptions", System.getProperty("equilibrium.java17.options", ""))
        .setJars(new String[] {System.getProperty("equilibrium.jobs.jar")});
    DriverIngress ingress = new DriverIngress();
    SparkTestSupport.Outcome cluster;
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      // every executor registered before the data is cached, so that each holds a partition
      long deadline = System.currentTimeMillis() + 60_000;
      while (sc.sc().getExecutorMemoryStatus().size() < executors + 1 && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      sc.sc().addSparkListener(ingress);
      cluster = SparkTestSupport.trainOnSpark(config, sc);
    }
    SparkTestSupport.assertBitwiseEqual(SparkTestSupport.trainInProcess(config), cluster,
        executors + " executor JVMs, " + reduction + " reduction, against the in-process backend");
    assertEquals(executors, ingress.executors(), "every executor computed");
    return ingress.bytes() / (double) STEPS;
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void theDriversIngressPerStepDoesNotGrowWithTheExecutors() throws InterruptedException {
    double two = ingressPerStep(2, "tree");
    double four = ingressPerStep(4, "tree");
    // a step's two results are 2 x 560 KB of float sums; each task adds a few KB of status and metrics
    assertTrue(two > 1_000_000, "the driver took in " + two + " bytes a step");
    assertTrue(four < 1.1 * two, "4 executors sent the driver " + four + " bytes a step, 2 sent " + two);
  }
}
