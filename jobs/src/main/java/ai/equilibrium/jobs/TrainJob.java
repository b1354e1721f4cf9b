package ai.equilibrium.jobs;

import ai.equilibrium.backend.GradientBackend;
import ai.equilibrium.backend.LocalBackend;
import ai.equilibrium.backend.ShardExecutor;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.experiment.TrainingRun;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.report.MetricsLog;
import ai.equilibrium.spark.SparkBackends;
import ai.equilibrium.storage.RunDirectory;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The spark-submit main class: trains the game of a HOCON experiment with the Spark gradient backend and
 * writes the run directory (config.conf, metrics.jsonl, samples/, checkpoints/), or resumes one from its newest
 * trusted checkpoint ({@code --resume RUN_DIR}). Bad input ends in one line and exit status 2; a run that
 * diverged beyond the guard's rollbacks in one line naming its last good checkpoint and exit status 3.
 */
public final class TrainJob {
  private TrainJob() {}

  static final JobMain.Spec SPEC = new JobMain.Spec("""
      usage: train [--config FILE] [--resume RUN_DIR] [--in-process] [key=value ...]
        FILE        a HOCON experiment on the local disk or any Hadoop path, for example
                    conf/fashion-mnist-dcgan.conf or hdfs:///conf/celeba-dcgan64.conf
        RUN_DIR     a run to continue from its newest checkpoint, with its config.conf (only run.steps, the
                    intervals, spark.master and spark.conf may change)
        --in-process  trains in this JVM without Spark: the same results bit for bit as Spark with the same
                    train.partitions, without Spark's cost per step (for small models and seed sweeps)
        key=value   overrides, for example run.steps=200 train.batch-size=128 spark.master=local[2]""",
      Set.of("config", "config-text", "resume"), Set.of("in-process"), TrainJob::run);

  public static void main(String[] args) {
    JobMain.main(args, SPEC);
  }

  /** The job on {@code args}: returns its exit code, and an error is one line on {@code err}. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return JobMain.run(args, SPEC, out, err);
  }

  private static ExitStatus run(JobArguments args, PrintStream out) {
    if (!args.positionals().isEmpty()) {
      throw new IllegalArgumentException("unexpected argument '" + args.positionals().get(0) + "'; expected "
          + "--config FILE, --resume RUN_DIR, --in-process or key=value");
    }
    String config = args.option("config").orElse(null);
    Optional<String> text = args.option("config-text").map(TrainJob::decoded);
    Optional<String> resume = args.option("resume");
    try (TrainingRun<?, ?, ?> training = resume.isPresent()
        ? TrainingRun.resume(resume.get(), config, args.assignments(),
            c -> Preflight.resumedRun(c, resume.get()), out)
        : TrainingRun.start(Preflight.newRun(text.isPresent()
            ? ExperimentSchema.loadText(text.get(), "the submitted experiment", args.assignments())
            : ExperimentSchema.load(config, args.assignments())), out)) {
      if (args.flag("in-process")) {
        trainInProcess(training);
        return ExitStatus.OK;
      }
      ExperimentConfig experiment = training.experiment().config();
      try (JavaSparkContext sc = SparkSessions.create(experiment, "equilibrium-train-" + experiment.run().name())) {
        train(training, sc);
      }
      return ExitStatus.OK;
    }
  }

  /** --config-text: the resolved experiment that submit-cluster sends a driver on the cluster, in Base64. */
  private static String decoded(String base64) {
    try {
      return new String(java.util.Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--config-text must be Base64: " + e.getMessage());
    }
  }

  /** Trains a new run and returns its directory. */
  public static RunDirectory run(ExperimentConfig config, JavaSparkContext sc) {
    try (TrainingRun<?, ?, ?> training = TrainingRun.start(config, System.out)) {
      return train(training, sc);
    }
  }

  /** Resumes the run in {@code runDirectory} (see {@link TrainingRun#resume}) and returns its directory. */
  public static RunDirectory resume(String runDirectory, List<String> overrides, JavaSparkContext sc) {
    try (TrainingRun<?, ?, ?> training = TrainingRun.resume(runDirectory, null, overrides, System.out)) {
      return train(training, sc);
    }
  }

  private static <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> RunDirectory train(
      TrainingRun<G, N, S> training, JavaSparkContext sc) {
    Experiment<G, N, S> experiment = training.experiment();
    SparkBackends.Choice choice = SparkBackends.choice(sc.sc(), experiment);
    try (ShardExecutor<G, N, S> backend = SparkBackends.of(sc, experiment, choice)) {
      return train(training, "Spark " + sc.master() + ", " + choice.describe(), backend, backend);
    }
  }

  private static <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> RunDirectory
      trainInProcess(TrainingRun<G, N, S> training) {
    try (LocalBackend<G, N, S> backend = training.experiment().localBackend()) {
      return train(training, "in-process", backend, backend);
    }
  }

  private static <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> RunDirectory train(
      TrainingRun<G, N, S> training, String where, GradientBackend backend, ShardExecutor<G, N, S> executor) {
    Experiment<G, N, S> experiment = training.experiment();
    ExperimentConfig config = experiment.config();
    RunDirectory run = training.directory();
    System.out.println("equilibrium: run directory " + run.location() + " (" + where + ", "
        + config.train().partitions() + " partitions, " + config.run().steps() + " steps)");
    training.train(backend, executor, System.out, List.of());
    Map<String, String> results = new LinkedHashMap<>();
    results.put("metrics", MetricsLog.FILE);
    results.putAll(experiment.assembly().results(config.run().steps()));
    int width = results.keySet().stream().mapToInt(String::length).max().orElse(0);
    results.forEach((label, path) -> System.out.println("equilibrium: " + label + " ".repeat(width + 2 - label.length())
        + run.path(path)));
    return run;
  }
}
