package ai.equilibrium.experiment;

import ai.equilibrium.config.Components;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.DataSource;
import ai.equilibrium.data.DeterministicSeeds;
import ai.equilibrium.data.GaussianMixtureSource;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.game.GanGame;
import ai.equilibrium.game.GanNetworks;
import ai.equilibrium.step.Player;
import ai.equilibrium.tensor.ParameterSet;
import ai.equilibrium.evaluation.ImageEvaluation;
import ai.equilibrium.metrics.FeatureExtractor;
import ai.equilibrium.report.GanSnapshots;
import ai.equilibrium.report.MetricsLog;
import ai.equilibrium.report.MixtureEvaluation;
import ai.equilibrium.report.ProgressLine;
import ai.equilibrium.report.RunDirectory;
import ai.equilibrium.report.RunReportListener;
import ai.equilibrium.schedule.AdversaryLrSchedule;
import ai.equilibrium.train.GradientBackend;
import ai.equilibrium.train.PlayerState;
import ai.equilibrium.train.ShardExecutor;
import ai.equilibrium.train.TrainingListener;
import ai.equilibrium.train.TrainingLoop;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A GAN experiment assembled from its configuration: data, game, both players at their initial
 * parameters, and the schedule. The backend is the caller's choice, so the Spark job, the benchmark and the
 * tests run the same assembly.
 */
public final class GanTraining {
  private static final int REFERENCE_POINTS = 2000;
  /** Samples scored for mode coverage (the unrolled-GAN protocol uses 2,500). */
  private static final int EVALUATION_SAMPLES = 2500;
  /** Seeds the power-iteration vectors apart from every per-step draw. */
  private static final long SPECTRAL_NORM_STREAM = -1;

  private final ExperimentConfig config;
  private final DataSource source;
  private final GanGame game;
  /** Built once for the initial parameters, then the driver's scratch space for samples and saved models. */
  private final GanNetworks driverNetworks;
  private final PlayerState main;
  private final PlayerState adversary;
  private final AdversaryLrSchedule schedule;

  private GanTraining(ExperimentConfig config, DataSource source, GanGame game, GanNetworks driverNetworks,
      PlayerState main, PlayerState adversary, AdversaryLrSchedule schedule) {
    this.config = config;
    this.source = source;
    this.game = game;
    this.driverNetworks = driverNetworks;
    this.main = main;
    this.adversary = adversary;
    this.schedule = schedule;
  }

  public static GanTraining prepare(ExperimentConfig config) {
    DataSource source = Components.dataSource(config);
    GanGame game = Components.ganGame(config, source);
    GanNetworks initial = game.buildNetworks();
    PlayerState main = new PlayerState(Player.MAIN, initial.parameters(Player.MAIN),
        Components.optimizer(config.generatorOptimizer()), config.generatorOptimizer().lr());
    ParameterSet adversaryParameters = initial.parameters(Player.ADVERSARY);
    PlayerState adversary = new PlayerState(Player.ADVERSARY, adversaryParameters,
        Components.optimizer(config.adversaryOptimizer()), config.adversaryOptimizer().lr(),
        Components.adversaryReparameterization(config.stabilize(), initial.adversaryOnReal().dl4j(), adversaryParameters,
            DeterministicSeeds.mix(config.run().seed(), SPECTRAL_NORM_STREAM, 0, 0)));
    AdversaryLrSchedule schedule = Components.schedule(config.schedule(), game.idealAdversaryLoss());
    return new GanTraining(config, source, game, initial, main, adversary, schedule);
  }

  public ExperimentConfig config() {
    return config;
  }

  public DataSource source() {
    return source;
  }

  public GanGame game() {
    return game;
  }

  public PlayerState player(Player player) {
    return player == Player.MAIN ? main : adversary;
  }

  public TrainingLoop loop(GradientBackend backend, List<TrainingListener> listeners) {
    return new TrainingLoop(backend, Components.updateOrder(config.train()), main, adversary, schedule,
        game.idealAdversaryLoss(), game.diagnosticNames(), Components.corrections(config.stabilize()), listeners);
  }

  /** The run directory of this experiment, created if absent, with the resolved config written into it. */
  public RunDirectory createRunDirectory() {
    RunDirectory run = new RunDirectory(config.run().outputDir() + "/" + config.run().name());
    run.writeText("config.conf", config.rendered());
    return run;
  }

  /**
   * Metrics, progress, sample/model snapshots, evaluation (mode coverage for mixtures; FID, KID and
   * precision/recall on {@code executor}'s partitions for images) and report.html; the caller closes the
   * metrics log.
   */
  public List<TrainingListener> standardListeners(RunDirectory run, MetricsLog metrics, PrintStream progress,
      ShardExecutor<GanNetworks> executor) {
    List<TrainingListener> listeners = new ArrayList<>();
    listeners.add(metrics);
    listeners.add(new ProgressLine(progress, config.run().progressEvery()));
    GanSnapshots snapshots = new GanSnapshots(game, driverNetworks, run, config.run().sampleEvery(),
        config.run().sampleCount(), referencePoints());
    int reportEvery = config.run().sampleEvery();
    if (source instanceof GaussianMixtureSource mixture) {
      listeners.add(new MixtureEvaluation(game, driverNetworks, mixture, run, config.run().sampleEvery(), EVALUATION_SAMPLES, progress));
    }
    Optional<FeatureExtractor> extractor = Components.featureExtractor(config);
    if (extractor.isPresent()) {
      listeners.add(new ImageEvaluation(executor, extractor.get(), config.eval().samples(), config.train().partitions(),
          run, snapshots, Components.bestMetric(config.eval()), config.eval().every(), progress));
      reportEvery = config.eval().every();
    }
    listeners.add(snapshots); // after the evaluations: the final checkpoint is the run's last file
    listeners.add(new RunReportListener(run, config.run().name(), reportEvery));
    return listeners;
  }

  /** Real points to draw under generated 2-D points; none for images. */
  private float[][] referencePoints() {
    if (!(source.shape() instanceof SampleShape.Point)) {
      return new float[0][];
    }
    DataShard shard = source.loadShard(0, 1);
    int n = Math.min(REFERENCE_POINTS, shard.size());
    float[][] points = new float[n][shard.dimension()];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < shard.dimension(); j++) {
        points[i][j] = shard.value(i, j);
      }
    }
    return points;
  }
}
