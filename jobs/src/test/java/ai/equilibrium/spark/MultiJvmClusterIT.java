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
 * executor its own JVM): parameters, the game and shard results cross JVM boundaries by serialization, tasks
 * finish in whatever order they do, and every run still gives the in-process backend's bits. Environment from
 * the failsafe configuration.
 */
class MultiJvmClusterIT {

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void twoExecutorJvmsTrainBitwiseLikeTheLocalBackendRunAfterRun() {
    ExperimentConfig config = SparkTestSupport.ringConfig("run.steps=8", "train.partitions=4");
    SparkConf conf = new SparkConf().setMaster("local-cluster[2,1,1024]").setAppName("multi-jvm")
        .set("spark.ui.enabled", "false")
        .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .set("spark.executor.extraJavaOptions", System.getProperty("equilibrium.java17.options", ""))
        .setJars(new String[] {System.getProperty("equilibrium.jobs.jar")});
    SparkTestSupport.Outcome first;
    SparkTestSupport.Outcome second;
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      first = SparkTestSupport.train(config, t -> new SparkGradientBackend<>(sc, t.game(), t.source()));
      second = SparkTestSupport.train(config, t -> new SparkGradientBackend<>(sc, t.game(), t.source()));
      assertTrue(sc.sc().getExecutorMemoryStatus().size() >= 3, "expected two executor JVMs besides the driver");
    }
    SparkTestSupport.Outcome local = SparkTestSupport.trainLocally(config);
    SparkTestSupport.assertBitwiseEqual(local, first, "the cluster's first run against the in-process backend");
    SparkTestSupport.assertBitwiseEqual(first, second, "the cluster's second run against its first");
  }
}
