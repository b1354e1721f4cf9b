package ai.equilibrium.spark;

import ai.equilibrium.storage.FileSystems;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Gives every JVM of the application the driver's Hadoop configuration ({@code spark.hadoop.*} settings,
 * HADOOP_CONF_DIR and the cluster's core-site.xml included) for all of Equilibrium's file access: the driver
 * installs SparkContext's own, and hands it to each executor when it starts, before any task runs there. Spark
 * loads it through {@code spark.plugins}, which {@code SparkSessions} sets.
 */
public final class HadoopConfigurationPlugin implements SparkPlugin {

  @Override
  public DriverPlugin driverPlugin() {
    return new DriverPlugin() {
      @Override
      public Map<String, String> init(SparkContext sc, PluginContext context) {
        Configuration conf = sc.hadoopConfiguration();
        FileSystems.use(conf);
        Map<String, String> entries = new HashMap<>();
        conf.forEach(e -> entries.put(e.getKey(), e.getValue()));
        return entries;
      }
    };
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void init(PluginContext context, Map<String, String> driverConfiguration) {
        Configuration conf = new Configuration(false);
        driverConfiguration.forEach(conf::set);
        FileSystems.use(conf);
      }
    };
  }
}
