package ai.equilibrium.experiment;

import ai.equilibrium.backend.ShardExecutor;
import ai.equilibrium.checkpoint.Checkpointer;
import ai.equilibrium.checkpoint.ModelExport;
import ai.equilibrium.config.Components;
import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.DataSource;
import ai.equilibrium.data.GaussianMixtureSource;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.evaluation.ImageEvaluation;
import ai.equilibrium.evaluation.ReferenceFeatures;
import ai.equilibrium.game.GanGame;
import ai.equilibrium.game.GanNetworks;
import ai.equilibrium.loss.AdversarialLoss;
import ai.equilibrium.loss.MainPlayerLoss;
import ai.equilibrium.metrics.FeatureExtractor;
import ai.equilibrium.metrics.ImageScores;
import ai.equilibrium.model.NetworkSpec;
import ai.equilibrium.report.GanSnapshots;
import ai.equilibrium.report.MixtureEvaluation;
import ai.equilibrium.report.RunReport;
import ai.equilibrium.report.RunReportListener;
import ai.equilibrium.stabilize.Penalties;
import ai.equilibrium.step.Player;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.PlayerState;
import ai.equilibrium.train.TrainingListener;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code game.type = gan}: a generator against a discriminator on samples (images or 2-D points), with sample
 * grids, mode coverage (mixtures) or FID/KID/precision/recall (images), the models, and report.html.
 */
public final class GanAssembly implements GameAssembly<GanGame, GanNetworks, DataShard> {
  private static final int REFERENCE_POINTS = 2000;
  /** Samples scored for mode coverage (the unrolled-GAN protocol uses 2,500). */
  private static final int EVALUATION_SAMPLES = 2500;

  private final ExperimentConfig config;
  private final DataSource<DataShard> source;
  private final GanGame game;
  /** Built once for the initial parameters, then the driver's scratch space for samples and saved models. */
  private final GanNetworks driverNetworks;
  private final PlayerState main;
  private final PlayerState adversary;

  private GanAssembly(ExperimentConfig config, DataSource<DataShard> source, GanGame game, GanNetworks driverNetworks) {
    this.config = config;
    this.source = source;
    this.game = game;
    this.driverNetworks = driverNetworks;
    this.main = Components.mainPlayer(config, driverNetworks.parameters(Player.MAIN));
    this.adversary = Components.adversaryPlayer(config, driverNetworks.parameters(Player.ADVERSARY),
        driverNetworks.adversaryOnReal().dl4j());
  }

  static GanAssembly assemble(ExperimentConfig config) {
    DataSource<DataShard> source = Components.sampleSource(config);
    GanGame game = game(config, source.shape());
    return new GanAssembly(config, source, game, game.buildNetworks());
  }

  /** The GAN of {@code config}, checked for combinations that cannot work, each error naming its key. */
  static GanGame game(ExperimentConfig config, SampleShape shape) {
    NetworkSpec spec = Components.networkSpec(config.model());
    DataType precision = Components.precision(config.model());
    MultiLayerConfiguration adversary;
    try {
      // Build both configurations once here so that a shape mismatch fails on the driver, naming the key.
      spec.generator(shape, 0, precision);
      adversary = spec.adversary(shape, 0, precision);
    } catch (IllegalArgumentException e) {
      throw new ConfigError("model.architecture", e.getMessage());
    }
    AdversarialLoss loss = Components.loss(config.game());
    Penalties penalties = Components.penalties(config.stabilize());
    boolean adversaryBatchNorm = adversary.getConfs().stream()
        .anyMatch(layer -> layer.getLayer() instanceof BatchNormalization);
    if (!penalties.isEmpty() && adversaryBatchNorm) {
      throw new ConfigError("stabilize.penalty.type", "a gradient penalty needs each sample's adversary output to depend "
          + "on that sample alone, but the adversary of model.architecture = " + spec.name() + " uses BatchNorm");
    }
    Components.checkPenaltyPrecision(penalties, precision);
    if (config.stabilize().bestResponse() && loss.zeroSum() && penalties.isEmpty()) {
      throw new ConfigError("stabilize.brc.enabled", "the best-response correction is degenerate with game.loss = "
          + config.game().loss().name().toLowerCase(Locale.ROOT).replace('_', '-')
          + ": the adversary's loss is the negated generator loss, so c = -1 and the corrected gradient vanishes. "
          + "Use non-saturating, least-squares or hinge, or add a stabilize.penalty");
    }
    return new GanGame(spec, shape, loss, MainPlayerLoss.adversarialOnly(), penalties, Components.plan(config.train()),
        config.run().seed(), precision);
  }

  @Override
  public GanGame game() {
    return game;
  }

  @Override
  public DataSource<DataShard> source() {
    return source;
  }

  @Override
  public PlayerState player(Player player) {
    return player == Player.MAIN ? main : adversary;
  }

  /**
   * Sample/model snapshots, evaluation (mode coverage for mixtures; FID, KID and precision/recall on
   * {@code executor}'s partitions for images) and report.html.
   */
  @Override
  public List<TrainingListener> artefacts(RunDirectory run, PrintStream out,
      ShardExecutor<GanGame, GanNetworks, DataShard> executor, Checkpointer checkpoints) {
    List<TrainingListener> listeners = new ArrayList<>();
    GanSnapshots snapshots = new GanSnapshots(game, driverNetworks, run, config.run().sampleEvery(),
        config.run().sampleCount(), referencePoints());
    int reportEvery = config.run().sampleEvery();
    if (source instanceof GaussianMixtureSource mixture) {
      listeners.add(new MixtureEvaluation(game, driverNetworks, mixture, run, config.run().sampleEvery(),
          EVALUATION_SAMPLES, out));
    }
    Optional<FeatureExtractor> extractor = Components.featureExtractor(config);
    if (extractor.isPresent()) {
      listeners.add(new ImageEvaluation(executor, extractor.get(), config.eval().samples(), config.train().partitions(),
          run, checkpoints, Components.bestMetric(config.eval()), config.eval().every(), out));
      reportEvery = config.eval().every();
    }
    listeners.add(snapshots);
    listeners.add(new RunReportListener(run, config.run().name(), reportEvery));
    return listeners;
  }

  @Override
  public Map<String, String> results(long steps) {
    Map<String, String> results = new LinkedHashMap<>();
    results.put("samples", GanSnapshots.samplesPath(steps));
    results.put("models", Checkpointer.stepPath(steps));
    results.put("report", RunReport.FILE);
    return results;
  }

  @Override
  public ModelExport models() {
    return state -> GanSnapshots.modelFiles(driverNetworks, state);
  }

  @Override
  public Map<String, Object> score(TrainingListener.TrainingState state,
      ShardExecutor<GanGame, GanNetworks, DataShard> executor) {
    return scoringOnly(executor).score(state).fields();
  }

  @Override
  public List<String> references() {
    return List.of("held-out", "noise");
  }

  @Override
  public Map<String, Object> scoreReference(String reference, ShardExecutor<GanGame, GanNetworks, DataShard> executor) {
    ReferenceFeatures.Kind kind = switch (reference) {
      case "held-out" -> ReferenceFeatures.Kind.HELD_OUT;
      case "noise" -> ReferenceFeatures.Kind.NOISE;
      default -> throw new IllegalArgumentException("the reference must be one of " + references() + ", got '"
          + reference + "'");
    };
    ImageScores scores = scoringOnly(executor).scoreReference(kind, Components.heldOutSource(config));
    return scores.fields();
  }

  /** An image evaluation that only scores: it writes nothing to any run directory. */
  private ImageEvaluation scoringOnly(ShardExecutor<GanGame, GanNetworks, DataShard> executor) {
    FeatureExtractor extractor = Components.featureExtractor(config).orElseThrow(() -> new ConfigError("eval.extractor",
        "no feature extractor for data.source = " + config.data().source() + " with eval.extractor = "
            + config.eval().extractor()));
    return new ImageEvaluation(executor, extractor, config.eval().samples(), config.train().partitions(), null, null,
        ImageScores.BestMetric.FID, 0, new PrintStream(PrintStream.nullOutputStream()));
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
