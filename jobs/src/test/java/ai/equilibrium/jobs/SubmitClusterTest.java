package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.experiment.MemoryBudget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.spark.deploy.SparkSubmitArguments;
import org.apache.spark.network.util.JavaUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

/**
 * submit-cluster's commands for standalone, YARN and Kubernetes, read back with Spark's own argument parser: each
 * carries what its manager requires, the deploy mode Spark will use, an experiment the driver can read there, and
 * what would fail at submission is refused here, naming the setting.
 */
class SubmitClusterTest {
  private static final String RING = Path.of(System.getProperty("equilibrium.repo.root", ".."), "conf/ring-mlp.conf")
      .toAbsolutePath().normalize().toString();
  private static final String JAR = "/opt/equilibrium/equilibrium-jobs-spark.jar";

  @TempDir
  Path dir;

  private static ClusterSubmission submission(Map<String, String> clusterDefaults, String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of("--jar", JAR, "--java-options", "--add-opens=java.base/java.nio=ALL-UNNAMED"));
    all.addAll(List.of(args));
    return SubmitClusterJob.submission(JobArguments.parse(all.toArray(String[]::new),
        SubmitClusterJob.SPEC.valueOptions(), SubmitClusterJob.SPEC.flagOptions()), clusterDefaults);
  }

  /** The command as spark-submit reads it, on a machine whose environment names the cluster's configuration. */
  private static SparkSubmitArguments parsed(ClusterSubmission submission) {
    scala.collection.immutable.Map<String, String> environment = JavaConverters.mapAsScalaMap(
        new java.util.HashMap<>(Map.of("HADOOP_CONF_DIR", "/etc/hadoop/conf"))).toMap(scala.Predef.$conforms());
    return new SparkSubmitArguments(JavaConverters.asScalaBuffer(submission.arguments()).toList(), environment);
  }

  private static Map<String, String> properties(SparkSubmitArguments args) {
    return JavaConverters.mapAsJavaMap(args.sparkProperties());
  }

  private static List<String> childArgs(SparkSubmitArguments args) {
    return JavaConverters.seqAsJavaList(args.childArgs());
  }

  @Test
  void everyManagerGetsOneTrainingTaskPerExecutorMemorySizedFromTheExperimentAndJava17() throws IOException {
    for (String master : List.of("spark://master:7077", "yarn", "k8s://https://api:443")) {
      SparkSubmitArguments args = parsed(submission(Map.of(), "--executors", "3", "--conf",
          "spark.kubernetes.container.image=registry/equilibrium:1", master, RING));
      Map<String, String> p = properties(args);
      assertEquals(master, args.master());
      assertEquals("client", args.deployMode(), master);
      assertEquals(ClusterSubmission.MAIN_CLASS, args.mainClass());
      assertEquals(JAR, args.primaryResource().replaceFirst("^file:", ""));
      assertEquals("4", p.get("spark.executor.cores"), master);
      assertEquals(p.get("spark.executor.cores"), p.get("spark.task.cpus"), "one training task per executor");
      assertEquals("4", p.get("spark.executorEnv.OMP_NUM_THREADS"));
      for (String key : List.of("spark.executor.memory", "spark.executor.memoryOverhead", "spark.driver.memory")) {
        assertTrue(p.get(key).matches("[0-9]+m"), key + " = " + p.get(key));
      }
      assertTrue(p.get("spark.executor.extraJavaOptions").contains("--add-opens"), master);
      assertEquals("Haswell", p.get("spark.executorEnv.OPENBLAS_CORETYPE"), "the same kernels on every node");
      assertEquals(master.startsWith("spark:") ? "12" : null, p.get("spark.cores.max"), "a standalone share");
      assertEquals(master.startsWith("spark:") ? null : "3", p.get("spark.executor.instances"));
      assertEquals(List.of("--config", RING), childArgs(args), "a client-mode driver reads the file here");
    }
  }

  @Test
  void aClusterModeDriverGetsTheResolvedExperimentAndAHadoopPathAsItIs() throws IOException {
    SparkSubmitArguments args = parsed(submission(Map.of(), "--deploy-mode", "cluster", "yarn", RING,
        "run.steps=7"));
    assertEquals("cluster", args.deployMode());
    List<String> child = childArgs(args);
    assertEquals("--config-text", child.get(0));
    String text = new String(Base64.getDecoder().decode(child.get(1)), StandardCharsets.UTF_8);
    assertEquals(ExperimentSchema.load(RING, List.of("run.steps=7")), ExperimentSchema.loadText(text, "sent",
        List.of("run.steps=7")), "the driver loads the same experiment");
    assertEquals(List.of("run.steps=7"), child.subList(2, child.size()));
  }

  @Test
  void theDeployModeIsTheOneSparkWillUseAndAPropertiesFileAddsToTheClusterDefaults() throws IOException {
    Map<String, String> clusterDefaults = Map.of("spark.submit.deployMode", "cluster", "spark.eventLog.enabled", "true");
    assertEquals("cluster", parsed(submission(clusterDefaults, "yarn", RING)).deployMode(),
        "the cluster's spark-defaults.conf says cluster");
    assertEquals("client", parsed(submission(clusterDefaults, "--deploy-mode", "client", "yarn", RING)).deployMode());
    Path gpu = Files.writeString(dir.resolve("gpu.conf"), "spark.executor.resource.gpu.amount 1\n"
        + "spark.executor.memoryOverhead 4096m\n");
    Map<String, String> p = properties(parsed(submission(clusterDefaults, "--properties-file", gpu.toString(), "yarn",
        RING)));
    assertEquals("1", p.get("spark.executor.resource.gpu.amount"));
    assertEquals("4096m", p.get("spark.executor.memoryOverhead"), "given settings win over the sizing");
    assertEquals(null, p.get("spark.eventLog.enabled"), "the cluster's defaults are left to spark-submit to read");
  }

  @Test
  void gpusAreAskedForTheWayEachManagerTakesThem() throws IOException {
    SparkSubmitArguments yarn = parsed(submission(Map.of(), "--gpus", "--discovery-script",
        "/repo/submit-scripts/gpu-discovery.sh", "yarn", RING));
    assertEquals("./gpu-discovery.sh", properties(yarn).get("spark.executor.resource.gpu.discoveryScript"));
    assertTrue(yarn.files().contains("gpu-discovery.sh"), "YARN localizes the script before the executor starts");
    assertEquals("1", properties(yarn).get("spark.task.resource.gpu.amount"));
    SparkSubmitArguments k8s = parsed(submission(Map.of(), "--gpus", "--conf",
        "spark.kubernetes.container.image=registry/equilibrium:1", "k8s://https://api:443", RING));
    assertEquals("nvidia.com", properties(k8s).get("spark.executor.resource.gpu.vendor"));
    assertEquals(ClusterSubmission.KUBERNETES_GPU_DISCOVERY,
        properties(k8s).get("spark.executor.resource.gpu.discoveryScript"), "inside the image");
    SparkSubmitArguments standalone = parsed(submission(Map.of(), "--gpus", "spark://master:7077", RING));
    assertEquals(null, properties(standalone).get("spark.executor.resource.gpu.discoveryScript"),
        "the workers discover and assign GPUs");
    // the CUDA libraries' host memory beside ND4J's, and the cap moves with the container
    Map<String, String> cpu = properties(parsed(submission(Map.of(), "yarn", RING)));
    assertEquals(JavaUtils.byteStringAsMb(cpu.get("spark.executor.memoryOverhead")) + MemoryBudget.GPU_HOST_MB,
        JavaUtils.byteStringAsMb(properties(yarn).get("spark.executor.memoryOverhead")));
    long container = JavaUtils.byteStringAsMb(properties(yarn).get("spark.executor.memory"))
        + JavaUtils.byteStringAsMb(properties(yarn).get("spark.executor.memoryOverhead"));
    assertTrue(properties(yarn).get("spark.executor.extraJavaOptions").contains("=" + (container - 64) + "m"));
  }

  /** Each container's JVM is capped just below its container; JVM options given by hand add to Java 17's. */
  @Test
  void containersAreCappedBelowTheirSizeAndGivenJavaOptionsAddToJava17s() throws IOException {
    Map<String, String> sized = properties(parsed(submission(Map.of(), "--deploy-mode", "cluster", "yarn", RING)));
    for (String process : List.of("executor", "driver")) {
      long container = JavaUtils.byteStringAsMb(sized.get("spark." + process + ".memory"))
          + JavaUtils.byteStringAsMb(sized.get("spark." + process + ".memoryOverhead"));
      String options = sized.get("spark." + process + ".extraJavaOptions");
      assertTrue(options.contains("-D" + MemoryBudget.PHYSICAL_CAP_PROPERTY + "=" + (container - 64) + "m"),
          process + ": " + options);
    }
    String given = "-D" + MemoryBudget.PHYSICAL_CAP_PROPERTY + "=300m -Dexample=1";
    String options = properties(parsed(submission(Map.of(), "--conf", "spark.executor.extraJavaOptions=" + given,
        "yarn", RING))).get("spark.executor.extraJavaOptions");
    assertEquals("--add-opens=java.base/java.nio=ALL-UNNAMED " + given, options, "Java 17's, then the given");
  }

  @Test
  void kubernetesRefusesAtSubmissionWhatItWouldRefuseLater() throws IOException {
    ConfigError image = assertThrows(ConfigError.class, () -> submission(Map.of(), "k8s://https://api:443", RING));
    assertEquals("spark.kubernetes.container.image", image.key());
    ConfigError upload = assertThrows(ConfigError.class, () -> submission(Map.of(), "--deploy-mode", "cluster",
        "--conf", "spark.kubernetes.container.image=registry/equilibrium:1", "k8s://https://api:443", RING));
    assertEquals("spark.kubernetes.file.upload.path", upload.key());
    assertTrue(upload.getMessage().contains("local:///"), upload.getMessage());
    SparkSubmitArguments inImage = parsed(SubmitClusterJob.submission(JobArguments.parse(new String[] {"--jar",
        "local:///opt/spark/jars/equilibrium.jar", "--deploy-mode", "cluster", "--conf",
        "spark.kubernetes.container.image=registry/equilibrium:1", "k8s://https://api:443", RING},
        SubmitClusterJob.SPEC.valueOptions(), SubmitClusterJob.SPEC.flagOptions()), Map.of()));
    assertEquals("local:///opt/spark/jars/equilibrium.jar", inImage.primaryResource());
  }
}
