package ai.equilibrium.jobs;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.experiment.MemoryBudget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.network.util.JavaUtils;

/**
 * The {@code spark-submit} arguments that run an experiment's {@code TrainJob} on a cluster manager, with what
 * each manager requires and nothing it refuses: the deploy mode as Spark will see it, the experiment where the
 * driver can read it in that mode, memory and native caps sized from the experiment, Java 17's options, one
 * training task per executor, and GPUs where asked. Settings go as {@code --conf}, so the cluster's
 * spark-defaults.conf stays in force beneath them.
 */
record ClusterSubmission(String master, DeployMode deployMode, Map<String, String> settings, List<String> files,
    String jar, List<String> jobArguments) {

  /** The class spark-submit runs. */
  static final String MAIN_CLASS = "ai.equilibrium.jobs.TrainJob";
  /** The kernel family of OpenBLAS that every node computes with (lib.sh pins the same locally). */
  static final String OPENBLAS_CORE = "Haswell";
  /** Spark's own example discovery script, in every Spark distribution and the apache/spark images. */
  static final String KUBERNETES_GPU_DISCOVERY = "/opt/spark/examples/src/main/scripts/getGpusResources.sh";

  enum DeployMode { CLIENT, CLUSTER }

  /** The cluster managers Spark 3.5 knows, by master URL. */
  enum Manager {
    STANDALONE, YARN, KUBERNETES;

    static Manager of(String master) {
      if (master.equals("yarn")) {
        return YARN;
      }
      if (master.startsWith("k8s://")) {
        return KUBERNETES;
      }
      if (master.startsWith("spark://")) {
        return STANDALONE;
      }
      throw new IllegalArgumentException("the master must be spark://HOST:PORT, yarn or k8s://https://HOST:PORT, got '"
          + master + "'");
    }
  }

  /**
   * What the person submitting asked for.
   *
   * @param deployMode    the --deploy-mode given, if any
   * @param config        the experiment as given (a local file or a Hadoop URI), or null with {@code resume}
   * @param resume        a run directory to resume, or null
   * @param executors     executors to request (YARN, Kubernetes) or the standalone cluster's share, if given
   * @param given         Spark settings given on the command line and in --properties-file, which win
   * @param discoveryScript the local GPU discovery script, shipped to YARN executors
   */
  record Request(String master, Optional<DeployMode> deployMode, String config, String resume, List<String> overrides,
      Optional<Integer> executors, int executorCores, boolean gpus, String jar, Map<String, String> given,
      String javaOptions, String discoveryScript, Optional<String> javaHome) {}

  /**
   * The submission of {@code request}, on a cluster whose spark-defaults.conf holds {@code clusterDefaults}.
   *
   * @param assembled the experiment resolved from the request (its config and overrides, or the run's), assembled
   *                  so that its parameters and data size are known
   * @throws ConfigError naming what the manager would refuse
   */
  static ClusterSubmission of(Request request, Experiment<?, ?, ?> assembled, Map<String, String> clusterDefaults) {
    ExperimentConfig experiment = assembled.config();
    Manager manager = Manager.of(request.master());
    DeployMode mode = request.deployMode().orElseGet(() -> effective("spark.submit.deployMode", request.given(),
        clusterDefaults).map(m -> DeployMode.valueOf(m.trim().toUpperCase(Locale.ROOT))).orElse(DeployMode.CLIENT));
    int cores = request.executorCores();
    MemoryBudget cpuExecutor = MemoryBudget.executor(assembled, partitionsPerExecutor(experiment, request.executors()));
    MemoryBudget executor = request.gpus() ? cpuExecutor.onGpu() : cpuExecutor;
    MemoryBudget driver = MemoryBudget.driver(assembled);
    Map<String, String> s = new LinkedHashMap<>();
    // one training task per executor, whose native threads use its cores
    s.put("spark.executor.cores", Integer.toString(cores));
    s.put("spark.task.cpus", Integer.toString(cores));
    s.put("spark.executorEnv.OMP_NUM_THREADS", Integer.toString(cores));
    request.executors().ifPresent(n -> s.put(manager == Manager.STANDALONE ? "spark.cores.max"
        : "spark.executor.instances", Integer.toString(manager == Manager.STANDALONE ? n * cores : n)));
    // the container is heap + overhead; ND4J's native memory lives in the overhead, capped below it
    s.put("spark.executor.memory", executor.heapMb() + "m");
    s.put("spark.executor.memoryOverhead", executor.overheadMb() + "m");
    s.put("spark.driver.memory", driver.heapMb() + "m");
    if (mode == DeployMode.CLUSTER) {
      s.put("spark.driver.memoryOverhead", driver.overheadMb() + "m");
    }
    s.put("spark.driver.maxResultSize", MemoryBudget.resultsPerCallMb(assembled) + "m");
    // (the heap is spark.*.memory: Spark refuses -Xmx in these)
    s.put("spark.driver.extraJavaOptions", request.javaOptions());
    s.put("spark.executor.extraJavaOptions", request.javaOptions());
    // OpenBLAS's AVX2 kernels on every node, as the launch scripts pin them here: the native build needs AVX2
    // anyway, OpenBLAS falls back to slow kernels on processors it cannot name, and nodes of different processors
    // then compute the same bits (README, Determinism)
    s.put("spark.executorEnv.OPENBLAS_CORETYPE", OPENBLAS_CORE);
    if (manager == Manager.KUBERNETES) {
      s.put("spark.kubernetes.driverEnv.OPENBLAS_CORETYPE", OPENBLAS_CORE);
    }
    if (manager == Manager.YARN) {
      s.put("spark.yarn.appMasterEnv.OPENBLAS_CORETYPE", OPENBLAS_CORE);
      s.put("spark.yarn.am.extraJavaOptions", request.javaOptions());
      request.javaHome().ifPresent(home -> {
        s.put("spark.yarn.appMasterEnv.JAVA_HOME", home);
        s.put("spark.executorEnv.JAVA_HOME", home);
      });
    }
    List<String> files = new ArrayList<>();
    if (request.gpus()) {
      s.put("spark.executor.resource.gpu.amount", "1");
      s.put("spark.task.resource.gpu.amount", "1");
      switch (manager) {
        case YARN -> {
          // YARN localizes --files before it starts the executor, where discovery runs
          files.add(request.discoveryScript());
          s.put("spark.executor.resource.gpu.discoveryScript", "./" + Path.of(request.discoveryScript()).getFileName());
        }
        case KUBERNETES -> {
          // the executor discovers its GPUs before --files arrive: the script must be in the image
          s.put("spark.executor.resource.gpu.vendor", "nvidia.com");
          s.put("spark.executor.resource.gpu.discoveryScript", KUBERNETES_GPU_DISCOVERY);
        }
        case STANDALONE -> { } // the workers discover and assign GPUs (spark.worker.resource.gpu.*)
      }
    }
    request.given().forEach((key, value) -> s.merge(key, value,
        // JVM options given by hand come after Java 17's, which the JVMs cannot start without
        (ours, given) -> key.endsWith(".extraJavaOptions") ? ours + " " + given : given));
    addMemoryCap(s, "executor");
    addMemoryCap(s, "driver");
    List<String> job = new ArrayList<>();
    if (request.resume() != null) {
      job.addAll(List.of("--resume", request.resume()));
      // a config to compare the run's with, where the driver can read the file (else the run's own config.conf)
      List<String> config = request.config() == null ? List.of() : configArguments(request.config(), experiment, mode);
      if (config.size() == 2 && config.get(0).equals("--config")) {
        job.addAll(config);
      }
    } else {
      job.addAll(configArguments(request.config(), experiment, mode));
    }
    job.addAll(request.overrides());
    checkManagerRequirements(manager, mode, request.jar(), s, clusterDefaults, !files.isEmpty());
    return new ClusterSubmission(request.master(), mode, s, files, request.jar(), job);
  }

  /** The arguments after {@code spark-submit}. */
  List<String> arguments() {
    List<String> args = new ArrayList<>(List.of("--master", master, "--deploy-mode",
        deployMode.name().toLowerCase(Locale.ROOT), "--class", MAIN_CLASS));
    settings.forEach((key, value) -> {
      args.add("--conf");
      args.add(key + "=" + value);
    });
    if (!files.isEmpty()) {
      args.add("--files");
      args.add(String.join(",", files));
    }
    args.add(jar);
    args.addAll(jobArguments);
    return args;
  }

  /** The command as a shell takes it, each argument quoted where it needs to be. */
  String commandLine() {
    StringBuilder b = new StringBuilder("spark-submit");
    for (String arg : arguments()) {
      b.append(' ').append(arg.matches("[A-Za-z0-9_./:=,@%+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
    }
    return b.toString();
  }

  /**
   * How the driver reads the experiment: a Hadoop URI as it is; a local file by its absolute path where the
   * driver runs here (client mode); on the cluster, the resolved experiment itself, so that no file has to reach
   * a driver before it starts (Kubernetes and standalone cluster mode fetch --files only once Spark runs).
   */
  static List<String> configArguments(String config, ExperimentConfig resolved, DeployMode mode) {
    if (config.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !config.startsWith("file:")) {
      return List.of("--config", config);
    }
    if (mode == DeployMode.CLIENT) {
      return List.of("--config", Path.of(config.replaceFirst("^file:(//)?", "")).toAbsolutePath().toString());
    }
    return List.of("--config-text", Base64.getEncoder().encodeToString(resolved.rendered()
        .getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Caps the process's resident memory just below its container (spark.PROCESS.memory + memoryOverhead, as finally
   * set): ND4J's allocations then make the JVM collect the native memory of unreachable arrays, and fail with one
   * line if that is not enough, before YARN or Kubernetes would kill the container.
   */
  private static void addMemoryCap(Map<String, String> s, String process) {
    String options = s.getOrDefault("spark." + process + ".extraJavaOptions", "");
    String overhead = s.get("spark." + process + ".memoryOverhead");
    if (options.contains(MemoryBudget.PHYSICAL_CAP_PROPERTY) || overhead == null) {
      return; // given by hand, or a client-mode driver, which no container bounds
    }
    MemoryBudget container = new MemoryBudget(JavaUtils.byteStringAsMb(s.get("spark." + process + ".memory")),
        JavaUtils.byteStringAsMb(overhead) - MemoryBudget.OVERHEAD_MARGIN_MB);
    s.put("spark." + process + ".extraJavaOptions", (options + " " + container.capOptions()).trim());
  }

  /** An executor's share of the partitions: all of them unless the executors to request are known. */
  private static int partitionsPerExecutor(ExperimentConfig experiment, Optional<Integer> executors) {
    int partitions = experiment.train().partitions();
    return executors.map(n -> (partitions + n - 1) / n).orElse(partitions);
  }

  /** The value Spark will use: the given settings first, then the cluster's defaults. */
  private static Optional<String> effective(String key, Map<String, String> given, Map<String, String> defaults) {
    return Optional.ofNullable(given.getOrDefault(key, defaults.get(key)));
  }

  /** Refuses, naming the setting, what the manager would refuse at submission. */
  private static void checkManagerRequirements(Manager manager, DeployMode mode, String jar,
      Map<String, String> settings, Map<String, String> clusterDefaults, boolean filesToShip) {
    if (manager != Manager.KUBERNETES) {
      return;
    }
    if (effective("spark.kubernetes.container.image", settings, clusterDefaults).isEmpty()) {
      throw new ConfigError("spark.kubernetes.container.image", "Kubernetes needs an image with Spark 3.5, Java 17 "
          + "and the jar: --conf spark.kubernetes.container.image=REGISTRY/equilibrium:VERSION (see the README)");
    }
    if (mode == DeployMode.CLUSTER && (!jar.startsWith("local://") || filesToShip)
        && effective("spark.kubernetes.file.upload.path", settings, clusterDefaults).isEmpty()) {
      throw new ConfigError("spark.kubernetes.file.upload.path", "Kubernetes cluster mode uploads the local jar " + jar
          + " to a shared location first: set --conf spark.kubernetes.file.upload.path=s3a://BUCKET/spark-uploads, "
          + "or give the jar inside the image with --jar local:///opt/spark/jars/equilibrium.jar");
    }
  }
}
