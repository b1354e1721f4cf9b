package ai.equilibrium.gan;

import ai.equilibrium.backend.ShardExecutor;
import ai.equilibrium.checkpoint.Checkpointer;
import ai.equilibrium.checkpoint.ModelExport;
import ai.equilibrium.checkpoint.NetworkExport;
import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.Settings;
import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.DataSource;
import ai.equilibrium.data.GaussianMixtureSource;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.experiment.AbstractGameAssembly;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.loss.AdversarialLoss;
import ai.equilibrium.loss.HingeLoss;
import ai.equilibrium.loss.LeastSquaresLoss;
import ai.equilibrium.loss.MainPlayerLoss;
import ai.equilibrium.loss.MinimaxLoss;
import ai.equilibrium.loss.NonSaturatingLoss;
import ai.equilibrium.loss.WassersteinLoss;
import ai.equilibrium.metrics.FeatureExtractor;
import ai.equilibrium.metrics.ImageScores;
import ai.equilibrium.model.Dcgan28Spec;
import ai.equilibrium.model.Dcgan64Spec;
import ai.equilibrium.model.MlpSpec;
import ai.equilibrium.model.NetworkSpec;
import ai.equilibrium.model.Networks;
import ai.equilibrium.report.RunReportListener;
import ai.equilibrium.stabilize.Penalties;
import ai.equilibrium.stabilize.Stabilizers;
import ai.equilibrium.step.MicroBatchPlan;
import ai.equilibrium.step.Player;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.TrainingListener;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code game.type = gan}: a generator against a discriminator on samples (images or 2-D points), with sample
 * grids, mode coverage (mixtures) or FID/KID/precision/recall (images), the models, and report.html.
 */
public final class GanAssembly extends AbstractGameAssembly<GanGame, GanNetworks, DataShard> {
  private static final int REFERENCE_POINTS = 2000;
  /** Samples scored for mode coverage (the unrolled-GAN protocol uses 2,500). */
  private static final int EVALUATION_SAMPLES = 2500;

  private GanAssembly(ExperimentConfig config, DataSource<DataShard> source, GanGame game) {
    super(config, game, source, networks -> networks.adversaryOnReal().dl4j());
  }

  /** The GAN of {@code config} with its data source and both players at their initial parameters. */
  public static GanAssembly assemble(ExperimentConfig config) {
    DataSource<DataShard> source = GanSource.of(config).training(config);
    return new GanAssembly(config, source, game(config, source.shape()));
  }

  /** The GAN experiment of {@code config}, typed for callers that need the GAN itself. */
  public static Experiment<GanGame, GanNetworks, DataShard> experiment(ExperimentConfig config) {
    return Experiment.of(config, assemble(config));
  }

  /** The GAN of {@code config}, checked for combinations that cannot work, each error naming its key. */
  static GanGame game(ExperimentConfig config, SampleShape shape) {
    NetworkSpec spec = networkSpec(config.model());
    DataType precision = Networks.dataType(config.model().precision());
    MultiLayerConfiguration adversary;
    try {
      // Build both configurations once here so that a shape mismatch fails on the driver, naming the key.
      spec.generator(shape, 0, precision);
      adversary = spec.adversary(shape, 0, precision);
    } catch (IllegalArgumentException e) {
      throw new ConfigError("model.architecture", e.getMessage());
    }
    AdversarialLoss loss = loss(config.game());
    Penalties penalties = Stabilizers.penalties(config.stabilize());
    boolean adversaryBatchNorm = adversary.getConfs().stream()
        .anyMatch(layer -> layer.getLayer() instanceof BatchNormalization);
    if (!penalties.isEmpty() && adversaryBatchNorm) {
      throw new ConfigError("stabilize.penalty.type", "a gradient penalty needs each sample's adversary output to depend "
          + "on that sample alone, but the adversary of model.architecture = " + spec.name() + " uses BatchNorm");
    }
    Stabilizers.checkPenaltyPrecision(penalties, precision);
    if (config.model().adversaryDropout() > 0 && config.model().architecture() != Settings.Architecture.MLP) {
      throw new ConfigError("model.adversary-dropout", "applies to model.architecture = mlp, got "
          + Settings.configName(config.model().architecture()));
    }
    if (config.model().adversaryDropout() > 0 && !penalties.isEmpty()) {
      throw new ConfigError("model.adversary-dropout", "a gradient penalty differentiates the adversary by finite "
          + "differences of repeated passes, which dropout would give different masks; use one or the other");
    }
    Stabilizers.checkBestResponse(config.stabilize(), precision);
    if (config.stabilize().bestResponse().enabled() && loss.zeroSum() && penalties.isEmpty()) {
      throw new ConfigError("stabilize.brc.enabled", "the best-response correction is degenerate with game.loss = "
          + Settings.configName(config.game().loss()) + ": the adversary's loss is the negated generator loss, so "
          + "c = -1 and the corrected gradient vanishes. Use non-saturating, least-squares or hinge, or add a "
          + "stabilize.penalty");
    }
    return new GanGame(spec, shape, loss, MainPlayerLoss.adversarialOnly(), penalties,
        MicroBatchPlan.of(config.train().batchSize(), config.train().partitions(),
            config.train().microBatchesPerPartition()), config.run().seed(), precision);
  }

  static NetworkSpec networkSpec(Settings.Model m) {
    return switch (m.architecture()) {
      case MLP -> new MlpSpec(m.latentDim(), m.generatorHidden(), m.adversaryHidden(),
          m.hiddenActivation() == Settings.HiddenActivation.TANH ? MlpSpec.Hidden.TANH : MlpSpec.Hidden.LEAKY_RELU,
          m.adversaryDropout());
      case DCGAN_28 -> new Dcgan28Spec(m.latentDim());
      case DCGAN_64 -> new Dcgan64Spec(m.latentDim());
    };
  }

  /** The adversarial loss of {@code game.loss}. */
  public static AdversarialLoss loss(Settings.Game g) {
    return switch (g.loss()) {
      case NON_SATURATING -> new NonSaturatingLoss();
      case MINIMAX -> new MinimaxLoss();
      case LEAST_SQUARES -> new LeastSquaresLoss();
      case HINGE -> new HingeLoss();
      case WASSERSTEIN -> new WassersteinLoss();
    };
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
          EVALUATION_SAMPLES, executor.processors(), out));
    }
    Optional<FeatureExtractor> extractor = FeatureExtractors.of(config);
    if (extractor.isPresent()) {
      listeners.add(new ImageEvaluation(executor, extractor.get(), config.eval().samples(), config.train().partitions(),
          run, checkpoints, FeatureExtractors.bestMetric(config.eval()), config.eval().every(), out));
      reportEvery = config.eval().every();
    }
    listeners.add(snapshots);
    listeners.add(new RunReportListener(run, config.run().name(), reportEvery));
    return listeners;
  }

  @Override
  public Map<String, String> results(long steps) {
    return results(steps, Map.of("samples", GanSnapshots.samplesPath(steps)));
  }

  @Override
  public List<String> runFiles() {
    return List.of(ImageEvaluation.BEST_POINTER, GanSnapshots.DIRECTORY);
  }

  @Override
  public ModelExport models() {
    return new NetworkExport<>(driverNetworks).with("generator.zip", Player.MAIN, n -> n.generator().dl4j())
        .with("adversary.zip", Player.ADVERSARY, n -> n.adversaryOnReal().dl4j());
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
    ImageScores scores = scoringOnly(executor).scoreReference(kind, GanSource.of(config).heldOut(config));
    return scores.fields();
  }

  /** An image evaluation that only scores: it writes nothing to any run directory. */
  private ImageEvaluation scoringOnly(ShardExecutor<GanGame, GanNetworks, DataShard> executor) {
    FeatureExtractor extractor = FeatureExtractors.of(config).orElseThrow(() -> new ConfigError("eval.extractor",
        "no feature extractor for data.source = " + config.data().source() + " with eval.extractor = "
            + Settings.configName(config.eval().extractor())));
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
