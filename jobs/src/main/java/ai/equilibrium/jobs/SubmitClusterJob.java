package ai.equilibrium.jobs;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.storage.RunDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * {@code submit-scripts/submit-cluster}: works out the {@code spark-submit} command that trains an experiment on a
 * standalone, YARN or Kubernetes cluster ({@link ClusterSubmission}), prints it ({@code --dry-run}), or hands it to
 * the script that runs it ({@code --print0}, NUL-separated arguments).
 */
public final class SubmitClusterJob {
  static final JobMain.Spec SPEC = new JobMain.Spec("""
      usage: submit-cluster [OPTIONS] MASTER (CONFIG | --resume RUN_DIR) [key=value ...]
        MASTER               spark://HOST:PORT | yarn | k8s://https://HOST:PORT
        CONFIG               a HOCON experiment on this machine's disk or any Hadoop path
        --resume RUN_DIR     continue a run from its newest checkpoint (a Hadoop path)
        --deploy-mode MODE   client | cluster (default: the cluster's spark.submit.deployMode, else client)
        --executors N        executors to request (YARN, Kubernetes; the share of a standalone cluster)
        --executor-cores N   cores of each executor, all used by its one training task (default: the
                             cluster's spark.executor.cores, else 4)
        --gpus               one GPU per executor (a jar built with -Pcuda)
        --jar JAR            the application jar (default: the one built here; local:///... inside an image)
        --properties-file F  Spark properties added to the cluster's spark-defaults.conf, not replacing it
        --conf KEY=VALUE     a Spark setting (repeatable)
        --java-home DIR      Java 17 for YARN's containers where the nodes default to another Java
        --dry-run            print the spark-submit command and stop""",
      Set.of("resume", "deploy-mode", "executors", "executor-cores", "jar", "properties-file", "conf", "java-home",
          "java-options", "discovery-script", "config"),
      Set.of("gpus", "dry-run", "print0"), SubmitClusterJob::run);

  private SubmitClusterJob() {}

  public static void main(String[] args) {
    JobMain.main(args, SPEC);
  }

  private static ExitStatus run(JobArguments args, PrintStream out) throws IOException {
    ClusterSubmission submission = submission(args, clusterDefaults());
    if (args.flag("print0")) {
      for (String argument : submission.arguments()) {
        out.print(argument);
        out.print('\0');
      }
    } else {
      out.println(submission.commandLine());
    }
    return ExitStatus.OK;
  }

  /** The submission the arguments ask for, on a cluster whose spark-defaults.conf holds {@code clusterDefaults}. */
  static ClusterSubmission submission(JobArguments args, Map<String, String> clusterDefaults) throws IOException {
    Optional<String> resume = args.option("resume");
    List<String> positionals = args.positionals();
    if (positionals.isEmpty() || positionals.size() > 2 || (resume.isEmpty() && positionals.size() != 2)) {
      throw new IllegalArgumentException("expected MASTER and CONFIG, or MASTER and --resume RUN_DIR");
    }
    String config = positionals.size() == 2 ? positionals.get(1) : args.option("config").orElse(null);
    Map<String, String> given = new LinkedHashMap<>();
    for (String file : args.options("properties-file")) {
      given.putAll(properties(Path.of(file)));
    }
    for (String setting : args.options("conf")) {
      int eq = setting.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--conf takes KEY=VALUE, got '" + setting + "'");
      }
      given.put(setting.substring(0, eq), setting.substring(eq + 1));
    }
    ExperimentConfig experiment = resume.isPresent() && config == null
        ? ExperimentSchema.loadText(runConfig(resume.get()), resume.get() + "/config.conf", args.assignments())
        : ExperimentSchema.load(config.replaceFirst("^file:(//)?", ""), args.assignments());
    ClusterSubmission.Request request = new ClusterSubmission.Request(positionals.get(0),
        args.option("deploy-mode").map(m -> deployMode(m)), config, resume.orElse(null), args.assignments(),
        args.intOption("executors"), executorCores(args, given, clusterDefaults), args.flag("gpus"),
        args.option("jar").orElseGet(SubmitClusterJob::builtJar), given, args.option("java-options").orElse(""),
        args.option("discovery-script").orElse("submit-scripts/gpu-discovery.sh"), args.option("java-home"));
    return ClusterSubmission.of(request, Experiment.assemble(experiment), clusterDefaults);
  }

  /** --executor-cores, else spark.executor.cores as given or in the cluster's defaults, else 4. */
  private static int executorCores(JobArguments args, Map<String, String> given, Map<String, String> clusterDefaults) {
    String configured = given.getOrDefault("spark.executor.cores", clusterDefaults.get("spark.executor.cores"));
    try {
      return args.intOption("executor-cores").orElse(configured == null ? 4 : Integer.parseInt(configured.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("spark.executor.cores must be a whole number, got '" + configured + "'");
    }
  }

  private static ClusterSubmission.DeployMode deployMode(String mode) {
    try {
      return ClusterSubmission.DeployMode.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--deploy-mode is client or cluster, got '" + mode + "'");
    }
  }

  private static String runConfig(String runDirectory) {
    return new RunDirectory(runDirectory).read("config.conf").map(b -> new String(b, StandardCharsets.UTF_8))
        .orElseThrow(() -> new ConfigError("--resume", runDirectory + " holds no run (no config.conf)"));
  }

  /** The cluster's spark-defaults.conf, where spark-submit reads it ($SPARK_CONF_DIR, else $SPARK_HOME/conf). */
  static Map<String, String> clusterDefaults() throws IOException {
    String dir = System.getenv("SPARK_CONF_DIR");
    if (dir == null && System.getenv("SPARK_HOME") != null) {
      dir = System.getenv("SPARK_HOME") + "/conf";
    }
    Path file = dir == null ? null : Path.of(dir, "spark-defaults.conf");
    return file != null && Files.isRegularFile(file) ? properties(file) : Map.of();
  }

  /** A Spark properties file: "key value" lines, as spark-submit reads them. */
  static Map<String, String> properties(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no properties file at " + file.toAbsolutePath());
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    }
    Map<String, String> out = new LinkedHashMap<>();
    p.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, p.getProperty(k).trim()));
    return out;
  }

  /** The shaded jar this build made, beside the classes of this one. */
  private static String builtJar() {
    try {
      Path here = Path.of(SubmitClusterJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (here.toString().endsWith("-spark.jar")) {
        return here.toString();
      }
      try (var jars = Files.list(here.getParent())) {
        return jars.map(Path::toString).filter(p -> p.endsWith("-spark.jar")).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no shaded jar beside " + here
                + ": build it (mvn -B -DskipTests package) or give --jar"));
      }
    } catch (java.net.URISyntaxException | IOException e) {
      throw new IllegalArgumentException("cannot find the shaded jar: give --jar", e);
    }
  }
}
