package ai.equilibrium.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ExperimentConfig;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * spark.reduction = tree on Spark's multi-JVM local-cluster with 2 and then 4 executor JVMs, one data partition
 * each: the partitions' gradient sums merge between the executors, so what the tasks send the driver per step
 * stays the same when the executors double (on the driver it doubles), and the runs keep the in-process bits.
 * Environment from the failsafe configuration.
 */
class TreeReductionClusterIT {
  private static final int STEPS = 6;

  /** The driver's ingress per step, from Spark's task result sizes, of a run on E executors. */
  private static double ingressPerStep(int executors, String reduction) {
    ExperimentConfig config = SparkTestSupport.ringConfig("run.steps=" + STEPS, "train.partitions=" + executors,
        "train.batch-size=" + 32 * executors, "model.generator-hidden=[256,256]", "model.adversary-hidden=[256,256]",
        "spark.reduction=" + reduction);
    SparkConf conf = new SparkConf().setMaster("local-cluster[" + executors + ",1,768]").setAppName("tree")
        .set("spark.ui.enabled", "false").set("spark.executor.memory", "768m")
        .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .set("spark.executor.extraJavaOptions", System.getProperty("equilibrium.java17.options", ""))
        .setJars(new String[] {System.getProperty("equilibrium.jobs.jar")});
    DriverIngress ingress = new DriverIngress();
    SparkTestSupport.Outcome cluster;
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.sc().addSparkListener(ingress);
      cluster = SparkTestSupport.train(config, t -> new SparkGradientBackend<>(sc, t.game(), t.source(),
          config.spark().reduction()));
    }
    SparkTestSupport.assertBitwiseEqual(SparkTestSupport.trainLocally(config), cluster,
        executors + " executor JVMs, " + reduction + " reduction, against the in-process backend");
    assertEquals(executors, ingress.executors(), "every executor computed");
    return ingress.bytes() / (double) STEPS;
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void theDriversIngressPerStepDoesNotGrowWithTheExecutors() {
    double two = ingressPerStep(2, "tree");
    double four = ingressPerStep(4, "tree");
    // a step's result is about 540 KB of float sums; each task adds a few KB of status and metrics
    assertTrue(two > 500_000, "the driver took in " + two + " bytes a step");
    assertTrue(four < 1.1 * two, "4 executors sent the driver " + four + " bytes a step, 2 sent " + two);
  }
}
