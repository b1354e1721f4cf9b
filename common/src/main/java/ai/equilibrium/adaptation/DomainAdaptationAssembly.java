package ai.equilibrium.adaptation;

import ai.equilibrium.backend.ShardExecutor;
import ai.equilibrium.checkpoint.Checkpointer;
import ai.equilibrium.checkpoint.ModelExport;
import ai.equilibrium.checkpoint.NetworkExport;
import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.Settings;
import ai.equilibrium.data.DomainPairSource;
import ai.equilibrium.data.DomainShard;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.experiment.AbstractGameAssembly;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.loss.AdversarialWeight;
import ai.equilibrium.loss.DomainLossReduction;
import ai.equilibrium.loss.MainPlayerLoss;
import ai.equilibrium.loss.SoftmaxCrossEntropy;
import ai.equilibrium.model.DomainAdaptationSpec;
import ai.equilibrium.model.Networks;
import ai.equilibrium.report.RunReportListener;
import ai.equilibrium.stabilize.Penalties;
import ai.equilibrium.stabilize.Stabilizers;
import ai.equilibrium.step.MicroBatchPlan;
import ai.equilibrium.step.Player;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.TrainingListener;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code game.type = domain-adaptation}: DANN's feature extractor and label classifier against a domain
 * classifier on a pair of domains (two moons, MNIST to an MNIST-M-style target), scored on held-out splits of
 * both domains, with the three networks in every checkpoint and report.html.
 */
public final class DomainAdaptationAssembly
    extends AbstractGameAssembly<DomainAdaptationGame, DomainAdaptationNetworks, DomainShard> {
  /** DANN's γ in λ_p = 2 / (1 + exp(-γ p)) - 1. */
  private static final double DANN_GAMMA = 10;

  private final DomainPairSource domains;
  private final DomainLossReduction reduction;

  private DomainAdaptationAssembly(ExperimentConfig config, DomainPairSource domains, DomainAdaptationGame game,
      DomainLossReduction reduction) {
    super(config, game, domains, networks -> networks.domainClassifier().dl4j());
    this.domains = domains;
    this.reduction = reduction;
  }

  /** The experiment's game, checked for combinations that cannot work, each error naming its key. */
  static DomainAdaptationAssembly assemble(ExperimentConfig config) {
    checkNetworks(config);
    return assemble(config, DomainPairSources.of(config));
  }

  /** The experiment of {@code config} on {@code source} instead of the configured one (a source that tests alter). */
  public static Experiment<DomainAdaptationGame, DomainAdaptationNetworks, DomainShard> experiment(
      ExperimentConfig config, DomainPairSource source) {
    return Experiment.of(config, assemble(config, source));
  }

  private static DomainAdaptationAssembly assemble(ExperimentConfig config, DomainPairSource source) {
    checkNetworks(config);
    Settings.Model model = config.model();
    DataType precision = Networks.dataType(model.precision());
    Penalties penalties = Stabilizers.penalties(config.stabilize());
    Stabilizers.checkPenaltyPrecision(penalties, precision);
    DomainLossReduction reduction = switch (config.game().domainLoss()) {
      case SUM_OF_MEANS -> DomainLossReduction.SUM_OF_MEANS;
      case MEAN -> DomainLossReduction.MEAN;
    };
    AdversarialWeight lambda = config.game().lambda().isPresent()
        ? new AdversarialWeight.Constant(config.game().lambda().getAsDouble())
        : new AdversarialWeight.DannSchedule(config.run().steps(), DANN_GAMMA);
    SampleShape.Image convolutional = null;
    if (model.featureExtractor() == Settings.FeatureExtractorKind.CONV) {
      if (!(source.shape() instanceof SampleShape.Image image)) {
        throw new ConfigError("model.feature-extractor", "conv needs image data; " + config.data().source() + " has samples of shape " + source.shape());
      }
      convolutional = image;
    }
    DomainAdaptationSpec spec = new DomainAdaptationSpec(model.featureHidden(), model.featureDimension(),
        model.classifierHidden(), model.adversaryHidden(), convolutional);
    DomainAdaptationGame game = new DomainAdaptationGame(spec, source.shape().dimension(), source.classes(),
        MainPlayerLoss.combined(new SoftmaxCrossEntropy(), lambda), reduction, penalties,
        MicroBatchPlan.of(config.train().batchSize(), config.train().partitions(),
            config.train().microBatchesPerPartition()), config.run().seed(), precision);
    return new DomainAdaptationAssembly(config, source, game, reduction);
  }

  /** Combinations the networks cannot take, each naming its key; checked before any data is read. */
  private static void checkNetworks(ExperimentConfig config) {
    Settings.Model model = config.model();
    if (model.architecture() != Settings.Architecture.MLP) {
      throw new ConfigError("model.architecture", "domain adaptation's networks are mlp (model.feature-hidden, "
          + "model.feature-dimension, model.classifier-hidden, model.adversary-hidden), got "
          + Settings.configName(model.architecture()));
    }
    if (config.stabilize().bestResponse().enabled()) {
      throw new ConfigError("stabilize.brc.enabled", "the best-response correction is a GAN generator's; domain "
          + "adaptation's reversed domain loss is zero-sum, where it degenerates (c = -1)");
    }
  }

  @Override
  public List<TrainingListener> artefacts(RunDirectory run, PrintStream out,
      ShardExecutor<DomainAdaptationGame, DomainAdaptationNetworks, DomainShard> executor, Checkpointer checkpoints) {
    return List.of(evaluation(run, config.eval().every(), executor.processors(), out),
        new RunReportListener(run, config.run().name(), config.eval().every()));
  }

  private DomainAdaptationEvaluation evaluation(RunDirectory run, int every, List<String> computedOn,
      PrintStream out) {
    return new DomainAdaptationEvaluation(game, driverNetworks, domains, reduction, run, every, computedOn, out);
  }

  @Override
  public ModelExport models() {
    return new NetworkExport<>(driverNetworks).with("features.zip", Player.MAIN, n -> n.features().dl4j())
        .with("classifier.zip", Player.MAIN, n -> n.classifier().dl4j())
        .with("domain-classifier.zip", Player.ADVERSARY, n -> n.domainClassifier().dl4j());
  }

  @Override
  public Map<String, Object> score(TrainingListener.TrainingState state,
      ShardExecutor<DomainAdaptationGame, DomainAdaptationNetworks, DomainShard> executor) {
    return evaluation(null, 0, List.of(), new PrintStream(PrintStream.nullOutputStream())).score(state);
  }
}
