package ai.equilibrium.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ExperimentConfig;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real multi-process cluster on one machine (local-cluster: a standalone master and two workers, each
 * executor its own JVM): parameters, the game and shard results cross JVM boundaries by serialization, and
 * the result still equals the in-process backend. Environment from the failsafe configuration.
 */
class MultiJvmClusterIT {

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void twoExecutorJvmsTrainLikeTheLocalBackend() {
    ExperimentConfig config = SparkTestSupport.ringConfig("run.steps=5", "train.partitions=4");
    SparkConf conf = new SparkConf().setMaster("local-cluster[2,1,1024]").setAppName("multi-jvm")
        .set("spark.ui.enabled", "false")
        .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .set("spark.executor.extraJavaOptions", System.getProperty("equilibrium.java17.options", ""))
        .setJars(new String[] {System.getProperty("equilibrium.jobs.jar")});
    SparkTestSupport.Outcome spark;
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      spark = SparkTestSupport.train(config, t -> new SparkGradientBackend<>(sc, t.game(), t.source()));
      assertTrue(sc.sc().getExecutorMemoryStatus().size() >= 2, "expected two executor JVMs besides the driver");
    }
    SparkTestSupport.Outcome local = SparkTestSupport.trainLocally(config);
    assertTrue(SparkTestSupport.maxAbsDifference(local.main(), spark.main()) <= 1e-5, "generator parameters");
    assertTrue(SparkTestSupport.maxAbsDifference(local.adversary(), spark.adversary()) <= 1e-5, "discriminator parameters");
  }
}
