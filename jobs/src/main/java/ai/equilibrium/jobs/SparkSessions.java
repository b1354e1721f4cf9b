package ai.equilibrium.jobs;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.spark.ExecutorLossLine;
import ai.equilibrium.spark.HadoopConfigurationPlugin;
import ai.equilibrium.storage.FileSystems;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.ExternalClusterManager;

/** Builds the Spark context of a job from its config; spark-submit's settings win over the config's. */
final class SparkSessions {
  /** Spark's own master URLs, as SparkContext parses them: local[N], local[*], local[N,F], local-cluster[...]. */
  private static final Pattern LOCAL = Pattern.compile("local\\[([0-9]{1,6}|\\*)(\\s*,\\s*[0-9]+)?]");
  private static final Pattern LOCAL_CLUSTER = Pattern.compile(
      "local-cluster\\[\\s*[0-9]+\\s*,\\s*[0-9]+\\s*,\\s*[0-9]+\\s*]");
  /** spark://HOST:PORT[,HOST:PORT...], which Spark checks only once it connects. */
  private static final Pattern STANDALONE = Pattern.compile(
      "spark://([^:/,\\s\\[\\]]+|\\[[0-9a-fA-F:.]+]):[0-9]{1,5}(,([^:/,\\s\\[\\]]+|\\[[0-9a-fA-F:.]+]):[0-9]{1,5})*");

  private SparkSessions() {}

  static JavaSparkContext create(ExperimentConfig config, String appName) {
    return create(config.spark().master(), config.spark().conf(), appName);
  }

  /** A context for {@code master} (unless spark-submit gave one) with {@code settings} beneath spark-submit's. */
  static JavaSparkContext create(String master, java.util.Map<String, String> settings, String appName) {
    SparkConf conf = sparkConf(master, settings).setAppName(appName);
    // Every executor gets the driver's Hadoop configuration before its first task.
    String plugins = conf.get("spark.plugins", "");
    String plugin = HadoopConfigurationPlugin.class.getName();
    if (!List.of(plugins.split(",")).contains(plugin)) {
      conf.set("spark.plugins", plugins.isBlank() ? plugin : plugins + "," + plugin);
    }
    // Parameters travel as primitive arrays; compressing 4-byte floats costs more than it saves locally.
    conf.setIfMissing("spark.broadcast.compress", "false");
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    // Shard results are a few MB of gradients: return them with the task's status instead of parking them
    // in the block manager for a second fetch (the default cut-off is 1 MB).
    conf.setIfMissing("spark.task.maxDirectResultSize", "64m");
    try {
      JavaSparkContext sc = new JavaSparkContext(conf);
      sc.sc().addSparkListener(new ExecutorLossLine(System.out));
      return sc;
    } catch (Exception e) { // SparkException, which Scala does not declare
      if (e instanceof SparkException && String.valueOf(e.getMessage()).contains("Master URL")) {
        throw new ConfigError("spark.master", e.getMessage());
      }
      throw e;
    }
  }

  /** spark-submit's settings (system properties) over {@code settings}, and the master when it gave none. */
  private static SparkConf sparkConf(String master, java.util.Map<String, String> settings) {
    SparkConf conf = new SparkConf();
    if (!conf.contains("spark.master")) {
      checkMaster(master);
      conf.setMaster(master);
    }
    settings.forEach(conf::setIfMissing);
    return conf;
  }

  /**
   * Before Spark starts (checks of data, models and the run directory): file access already honours the
   * {@code spark.hadoop.*} settings the run will start Spark with, from spark-submit or the config's spark.conf.
   */
  static void useHadoopSettings(ExperimentConfig config) {
    Configuration hadoop = new Configuration();
    for (scala.Tuple2<String, String> setting : sparkConf(config.spark().master(), config.spark().conf())
        .getAllWithPrefix("spark.hadoop.")) {
      hadoop.set(setting._1(), setting._2());
    }
    FileSystems.use(hadoop);
  }

  /**
   * Fails, naming spark.master, unless the config's master is one Spark can start here; spark-submit's master
   * wins over the config's and is not checked. Spark logs a failed start at length, so this runs before.
   */
  static void checkMaster(ExperimentConfig config) {
    checkMaster(config.spark().master());
  }

  static void checkMaster(String master) {
    if (new SparkConf().contains("spark.master")) {
      return;
    }
    if (master.equals("local") || LOCAL_CLUSTER.matcher(master).matches() || STANDALONE.matcher(master).matches()) {
      return;
    }
    Matcher local = LOCAL.matcher(master);
    if (local.matches()) {
      if (local.group(1).equals("*") || Integer.parseInt(local.group(1)) > 0) {
        return;
      }
      throw new ConfigError("spark.master", "'" + master + "' asks for no threads: use local[N] with N >= 1, or local[*]");
    }
    if (master.equals("yarn") && System.getenv("HADOOP_CONF_DIR") == null && System.getenv("YARN_CONF_DIR") == null) {
      // as spark-submit checks: without the cluster's client configuration YARN's client retries 0.0.0.0:8032
      // for a quarter of an hour
      throw new ConfigError("spark.master", "'yarn' needs the cluster's client configuration: set HADOOP_CONF_DIR "
          + "or YARN_CONF_DIR, and launch with submit-scripts/submit-cluster --master yarn");
    }
    if (hasClusterManager(master)) {
      return;
    }
    throw new ConfigError("spark.master", "'" + master + "' is not a Spark master this installation can start: use "
        + "local, local[N], local[*] or spark://HOST:PORT (YARN and Kubernetes through spark-submit --master)");
  }

  /** Whether a cluster manager on the class path (YARN, Kubernetes) takes the master URL, as Spark asks. */
  private static boolean hasClusterManager(String master) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
        ? Thread.currentThread().getContextClassLoader() : SparkConf.class.getClassLoader();
    try {
      for (ExternalClusterManager manager : ServiceLoader.load(ExternalClusterManager.class, loader)) {
        if (manager.canCreate(master)) {
          return true;
        }
      }
    } catch (ServiceConfigurationError e) {
      return false;
    }
    return false;
  }
}
