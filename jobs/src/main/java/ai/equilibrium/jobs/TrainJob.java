package ai.equilibrium.jobs;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ConfigLoader;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.data.DataUnavailableException;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.report.MetricsLog;
import ai.equilibrium.report.RunDirectory;
import ai.equilibrium.spark.SparkGradientBackend;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The spark-submit main class: trains the game of a HOCON experiment with the Spark gradient backend and
 * writes the run directory (config.conf, metrics.jsonl, samples/, checkpoints/).
 */
public final class TrainJob {
  private TrainJob() {}

  public static void main(String[] args) {
    try {
      CommandLine cli = CommandLine.parse(args);
      if (cli.help()) {
        System.out.println(CommandLine.usage(TrainJob.class.getName()));
        return;
      }
      ExperimentConfig config = ConfigLoader.load(cli.config(), cli.overrides());
      try (JavaSparkContext sc = SparkSessions.create(config, "equilibrium-train-" + config.run().name())) {
        run(config, sc);
      }
    } catch (ConfigError | DataUnavailableException | IllegalArgumentException e) {
      System.err.println("equilibrium: " + e.getMessage());
      System.exit(2);
    }
  }

  /** Trains and returns the run directory. */
  public static RunDirectory run(ExperimentConfig config, JavaSparkContext sc) {
    return train(Experiment.assemble(config), sc);
  }

  private static <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> RunDirectory train(
      Experiment<G, N, S> experiment, JavaSparkContext sc) {
    ExperimentConfig config = experiment.config();
    RunDirectory run = experiment.createRunDirectory();
    System.out.println("equilibrium: run directory " + run.location() + " (Spark " + sc.master() + ", "
        + config.train().partitions() + " partitions, " + config.run().steps() + " steps)");
    try (SparkGradientBackend<G, N, S> backend = new SparkGradientBackend<>(sc, experiment.game(), experiment.source());
        MetricsLog metrics = new MetricsLog(run, config.run().logEvery())) {
      experiment.loop(backend, experiment.standardListeners(run, metrics, System.out, backend))
          .run(0, config.run().steps());
    }
    Map<String, String> results = new LinkedHashMap<>();
    results.put("metrics", MetricsLog.FILE);
    results.putAll(experiment.assembly().results(config.run().steps()));
    int width = results.keySet().stream().mapToInt(String::length).max().orElse(0);
    results.forEach((label, path) -> System.out.println("equilibrium: " + label + " ".repeat(width + 2 - label.length())
        + run.path(path)));
    return run;
  }
}
