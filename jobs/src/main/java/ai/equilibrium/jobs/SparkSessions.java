package ai.equilibrium.jobs;

import ai.equilibrium.config.ExperimentConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Builds the Spark context of a job from its config; spark-submit's settings win over the config's. */
final class SparkSessions {
  private SparkSessions() {}

  static JavaSparkContext create(ExperimentConfig config, String appName) {
    SparkConf conf = new SparkConf().setAppName(appName);
    if (!conf.contains("spark.master")) {
      conf.setMaster(config.spark().master());
    }
    config.spark().conf().forEach(conf::setIfMissing);
    // Parameters travel as primitive arrays; compressing 4-byte floats costs more than it saves locally.
    conf.setIfMissing("spark.broadcast.compress", "false");
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    // Shard results are a few MB of gradients: return them with the task's status instead of parking them
    // in the block manager for a second fetch (the default cut-off is 1 MB).
    conf.setIfMissing("spark.task.maxDirectResultSize", "64m");
    return new JavaSparkContext(conf);
  }
}
