package ai.equilibrium.jobs;

import ai.equilibrium.backend.GradientBackend;
import ai.equilibrium.backend.LocalBackend;
import ai.equilibrium.backend.ShardExecutor;
import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.data.DataUnavailableException;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.experiment.TrainingRun;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.report.MetricsLog;
import ai.equilibrium.spark.SparkGradientBackend;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.TrainingDiverged;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The spark-submit main class: trains the game of a HOCON experiment with the Spark gradient backend and
 * writes the run directory (config.conf, metrics.jsonl, samples/, checkpoints/), or resumes one from its newest
 * trusted checkpoint ({@code --resume RUN_DIR}). Bad input ends in one line and exit code 2; a run that
 * diverged beyond the guard's rollbacks in one line naming its last good checkpoint and exit code 3.
 */
public final class TrainJob {
  private TrainJob() {}

  /** Exit code of bad input: the command line, the config, the data or the output directory. */
  static final int BAD_INPUT = 2;
  /** Exit code of a run that diverged beyond the guard's rollbacks. */
  static final int DIVERGED = 3;

  public static void main(String[] args) {
    int exitCode = run(args, System.out, System.err);
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  /** The job on {@code args}: returns its exit code, and an error is one line on {@code err}. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      CommandLine cli = CommandLine.parse(args);
      if (cli.help()) {
        out.println(CommandLine.usage(TrainJob.class.getName()));
        return 0;
      }
      TrainingRun<?, ?, ?> training = cli.resume() != null
          ? TrainingRun.resume(cli.resume(), cli.config(), cli.overrides(),
              config -> Preflight.resumedRun(config, cli.resume()), out)
          : TrainingRun.start(Preflight.newRun(ExperimentSchema.load(cli.config(), cli.overrides())), out);
      if (cli.inProcess()) {
        trainInProcess(training);
        return 0;
      }
      ExperimentConfig config = training.experiment().config();
      try (JavaSparkContext sc = SparkSessions.create(config, "equilibrium-train-" + config.run().name())) {
        train(training, sc);
      }
      return 0;
    } catch (ConfigError | DataUnavailableException | IllegalArgumentException e) {
      err.println("equilibrium: " + oneLine(e.getMessage()));
      return BAD_INPUT;
    } catch (TrainingDiverged e) {
      err.println("equilibrium: " + oneLine(e.getMessage()));
      return DIVERGED;
    }
  }

  /**
   * Messages that quote another library's error may span lines or name its exception classes; the terminal
   * gets one line without them.
   */
  private static String oneLine(String message) {
    return String.valueOf(message).replaceAll("\\s*\\R\\s*", " ")
        .replaceAll("\\b([a-z][\\w$]*\\.)+[A-Z][\\w$]*(Exception|Error): ", "");
  }

  /** Trains a new run and returns its directory. */
  public static RunDirectory run(ExperimentConfig config, JavaSparkContext sc) {
    return train(TrainingRun.start(config, System.out), sc);
  }

  /** Resumes the run in {@code runDirectory} (see {@link TrainingRun#resume}) and returns its directory. */
  public static RunDirectory resume(String runDirectory, List<String> overrides, JavaSparkContext sc) {
    return train(TrainingRun.resume(runDirectory, null, overrides, System.out), sc);
  }

  private static <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> RunDirectory train(
      TrainingRun<G, N, S> training, JavaSparkContext sc) {
    Experiment<G, N, S> experiment = training.experiment();
    try (SparkGradientBackend<G, N, S> backend = new SparkGradientBackend<>(sc, experiment.game(), experiment.source())) {
      return train(training, "Spark " + sc.master(), backend, backend);
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
