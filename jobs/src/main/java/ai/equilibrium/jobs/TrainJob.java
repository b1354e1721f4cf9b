package ai.equilibrium.jobs;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ConfigLoader;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.data.DataUnavailableException;
import ai.equilibrium.experiment.GanTraining;
import ai.equilibrium.game.GanNetworks;
import ai.equilibrium.report.GanSnapshots;
import ai.equilibrium.report.MetricsLog;
import ai.equilibrium.report.RunDirectory;
import ai.equilibrium.report.RunReport;
import ai.equilibrium.spark.SparkGradientBackend;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The spark-submit main class: trains a GAN from a HOCON experiment with the Spark gradient backend and
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
    GanTraining training = GanTraining.prepare(config);
    RunDirectory run = training.createRunDirectory();
    System.out.println("equilibrium: run directory " + run.location() + " (Spark " + sc.master() + ", "
        + config.train().partitions() + " partitions, " + config.run().steps() + " steps)");
    try (SparkGradientBackend<GanNetworks> backend = new SparkGradientBackend<>(sc, training.game(), training.source());
        MetricsLog metrics = new MetricsLog(run, config.run().logEvery())) {
      training.loop(backend, training.standardListeners(run, metrics, System.out, backend)).run(0, config.run().steps());
    }
    long steps = config.run().steps();
    System.out.println("equilibrium: samples  " + run.path(GanSnapshots.samplesPath(steps)));
    System.out.println("equilibrium: metrics  " + run.path(MetricsLog.FILE));
    System.out.println("equilibrium: models   " + run.path(GanSnapshots.checkpointPath(steps)));
    System.out.println("equilibrium: report   " + run.path(RunReport.FILE));
    return run;
  }
}
