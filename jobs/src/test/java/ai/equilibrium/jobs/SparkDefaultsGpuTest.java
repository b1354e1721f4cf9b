package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** conf/spark-defaults-gpu.conf is a properties file Spark reads, with one GPU per task and the JVM flags of the scripts. */
class SparkDefaultsGpuTest {
  private static Path repo(String relative) {
    return Path.of(System.getProperty("equilibrium.repo.root", ".."), relative);
  }

  @Test
  void sparkReadsOneGpuPerExecutorAndTaskAndTheScriptsJvmFlags() throws IOException {
    Map<String, String> conf = scala.collection.JavaConverters.mapAsJavaMapConverter(
        org.apache.spark.util.Utils.getPropertiesFromFile(repo("conf/spark-defaults-gpu.conf").toString())).asJava();
    assertEquals("1", conf.get("spark.executor.resource.gpu.amount"));
    assertEquals("1", conf.get("spark.task.resource.gpu.amount"));
    assertEquals("./gpu-discovery.sh", conf.get("spark.executor.resource.gpu.discoveryScript"));
    assertEquals(conf.get("spark.executor.cores"), conf.get("spark.task.cpus"), "one task per executor");
    String flags = Files.readString(repo("submit-scripts/java17-options")).trim();
    assertEquals(flags, conf.get("spark.driver.extraJavaOptions"));
    assertEquals(flags, conf.get("spark.executor.extraJavaOptions"));
  }

  /** Where the manager isolates GPUs, an executor's discovery finds only its own, numbered as CUDA sees them. */
  @Test
  void theDiscoveryScriptNamesOnlyTheDevicesTheManagerGaveTheExecutor() throws Exception {
    assertEquals("{\"name\": \"gpu\", \"addresses\": [\"0\",\"1\"]}", discover(Map.of("CUDA_VISIBLE_DEVICES", "3,5")));
    assertEquals("{\"name\": \"gpu\", \"addresses\": [\"0\"]}", discover(Map.of("NVIDIA_VISIBLE_DEVICES", "GPU-1f2e")));
  }

  private static String discover(Map<String, String> environment) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", repo("submit-scripts/gpu-discovery.sh").toString());
    builder.environment().remove("CUDA_VISIBLE_DEVICES");
    builder.environment().remove("NVIDIA_VISIBLE_DEVICES");
    builder.environment().putAll(environment);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes()).trim();
    assertEquals(0, process.waitFor());
    return out;
  }
}
