package ai.equilibrium.experiment;

import ai.equilibrium.backend.ShardExecutor;
import ai.equilibrium.checkpoint.Checkpointer;
import ai.equilibrium.checkpoint.ModelExport;
import ai.equilibrium.config.Components;
import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.Settings;
import ai.equilibrium.data.DataSource;
import ai.equilibrium.data.DomainPairSource;
import ai.equilibrium.data.DomainShard;
import ai.equilibrium.data.MnistToMnistMSource;
import ai.equilibrium.data.TwoMoonsSource;
import ai.equilibrium.evaluation.DomainAdaptationEvaluation;
import ai.equilibrium.game.DomainAdaptationGame;
import ai.equilibrium.game.DomainAdaptationNetworks;
import ai.equilibrium.loss.AdversarialWeight;
import ai.equilibrium.loss.DomainLossReduction;
import ai.equilibrium.loss.MainPlayerLoss;
import ai.equilibrium.loss.SoftmaxCrossEntropy;
import ai.equilibrium.model.DomainAdaptationSpec;
import ai.equilibrium.report.EvaluationLog;
import ai.equilibrium.report.RunReport;
import ai.equilibrium.report.RunReportListener;
import ai.equilibrium.stabilize.Penalties;
import ai.equilibrium.step.Player;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.PlayerState;
import ai.equilibrium.train.TrainingListener;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code game.type = domain-adaptation}: DANN's feature extractor and label classifier against a domain
 * classifier on a pair of domains (two moons, MNIST to an MNIST-M-style target), scored on held-out splits of
 * both domains, with the three networks in every checkpoint and report.html.
 */
public final class DomainAdaptationAssembly
    implements GameAssembly<DomainAdaptationGame, DomainAdaptationNetworks, DomainShard> {
  /** DANN's γ in λ_p = 2 / (1 + exp(-γ p)) - 1. */
  private static final double DANN_GAMMA = 10;

  private final ExperimentConfig config;
  private final DomainPairSource source;
  private final DomainAdaptationGame game;
  private final DomainLossReduction reduction;
  /** Built once for the initial parameters, then the driver's scratch space for evaluations and saved models. */
  private final DomainAdaptationNetworks driverNetworks;
  private final PlayerState main;
  private final PlayerState adversary;

  private DomainAdaptationAssembly(ExperimentConfig config, DomainPairSource source, DomainAdaptationGame game,
      DomainLossReduction reduction) {
    this.config = config;
    this.source = source;
    this.game = game;
    this.reduction = reduction;
    this.driverNetworks = game.buildNetworks();
    this.main = Components.mainPlayer(config, driverNetworks.parameters(Player.MAIN));
    this.adversary = Components.adversaryPlayer(config, driverNetworks.parameters(Player.ADVERSARY),
        driverNetworks.domainClassifier().dl4j());
  }

  /** The experiment's game, checked for combinations that cannot work, each error naming its key. */
  static DomainAdaptationAssembly assemble(ExperimentConfig config) {
    checkNetworks(config);
    return assemble(config, source(config));
  }

  /** The experiment's game on {@code source} instead of the configured one (a source that tests alter). */
  static DomainAdaptationAssembly assemble(ExperimentConfig config, DomainPairSource source) {
    checkNetworks(config);
    Settings.Model model = config.model();
    DataType precision = Components.precision(model);
    Penalties penalties = Components.penalties(config.stabilize());
    Components.checkPenaltyPrecision(penalties, precision);
    DomainLossReduction reduction = switch (config.game().domainLoss()) {
      case SUM_OF_MEANS -> DomainLossReduction.SUM_OF_MEANS;
      case MEAN -> DomainLossReduction.MEAN;
    };
    AdversarialWeight lambda = config.game().lambda().isPresent()
        ? new AdversarialWeight.Constant(config.game().lambda().getAsDouble())
        : new AdversarialWeight.DannSchedule(config.run().steps(), DANN_GAMMA);
    DomainAdaptationSpec spec = new DomainAdaptationSpec(model.featureHidden(), model.featureDimension(),
        model.classifierHidden(), model.adversaryHidden());
    DomainAdaptationGame game = new DomainAdaptationGame(spec, source.shape().dimension(), source.classes(),
        MainPlayerLoss.combined(new SoftmaxCrossEntropy(), lambda), reduction, penalties,
        Components.plan(config.train()), config.run().seed(), precision);
    return new DomainAdaptationAssembly(config, source, game, reduction);
  }

  /** Combinations the networks cannot take, each naming its key; checked before any data is read. */
  private static void checkNetworks(ExperimentConfig config) {
    Settings.Model model = config.model();
    if (model.architecture() != Settings.Architecture.MLP) {
      throw new ConfigError("model.architecture", "domain adaptation's networks are mlp (model.feature-hidden, "
          + "model.feature-dimension, model.classifier-hidden, model.adversary-hidden), got "
          + Components.configName(model.architecture()));
    }
    if (config.stabilize().bestResponse()) {
      throw new ConfigError("stabilize.brc.enabled", "the best-response correction is a GAN generator's; domain "
          + "adaptation's reversed domain loss is zero-sum, where it degenerates (c = -1)");
    }
  }

  private static DomainPairSource source(ExperimentConfig config) {
    Settings.Data d = config.data();
    return switch (d.source()) {
      case TWO_MOONS -> new TwoMoonsSource(d.moons().samples(), d.moons().samples(), d.moons().noise(),
          d.moons().rotationDegrees(), config.run().seed());
      case MNIST_TO_MNISTM -> new MnistToMnistMSource(d.path(), config.run().seed());
      case FASHION_MNIST, GAUSSIAN_RING, GAUSSIAN_GRID, NOISE_IMAGES, IMAGE_SHARDS -> throw new ConfigError("data.source",
          Components.configName(d.source()) + " is a GAN's data set; domain adaptation trains on a pair of domains: "
              + "two-moons or mnist-to-mnistm");
    };
  }

  @Override
  public DomainAdaptationGame game() {
    return game;
  }

  @Override
  public DataSource<DomainShard> source() {
    return source;
  }

  @Override
  public PlayerState player(Player player) {
    return player == Player.MAIN ? main : adversary;
  }

  @Override
  public List<TrainingListener> artefacts(RunDirectory run, PrintStream out,
      ShardExecutor<DomainAdaptationGame, DomainAdaptationNetworks, DomainShard> executor, Checkpointer checkpoints) {
    return List.of(evaluation(run, config.eval().every(), out),
        new RunReportListener(run, config.run().name(), config.eval().every()));
  }

  private DomainAdaptationEvaluation evaluation(RunDirectory run, int every, PrintStream out) {
    return new DomainAdaptationEvaluation(game, driverNetworks, source, reduction, run, every, out);
  }

  @Override
  public ModelExport models() {
    return state -> {
      Map<String, RunDirectory.Writer> files = new LinkedHashMap<>();
      files.put("features.zip", out -> {
        driverNetworks.setParameters(Player.MAIN, state.parameters(Player.MAIN).snapshot());
        write(driverNetworks.features().dl4j(), out);
      });
      files.put("classifier.zip", out -> {
        driverNetworks.setParameters(Player.MAIN, state.parameters(Player.MAIN).snapshot());
        write(driverNetworks.classifier().dl4j(), out);
      });
      files.put("domain-classifier.zip", out -> {
        driverNetworks.setParameters(Player.ADVERSARY, state.parameters(Player.ADVERSARY).snapshot());
        write(driverNetworks.domainClassifier().dl4j(), out);
      });
      return files;
    };
  }

  private static void write(MultiLayerNetwork network, OutputStream out) throws IOException {
    ModelSerializer.writeModel(network, out, false);
  }

  @Override
  public Map<String, String> results(long steps) {
    Map<String, String> results = new LinkedHashMap<>();
    results.put("evaluations", EvaluationLog.FILE);
    results.put("models", Checkpointer.stepPath(steps));
    results.put("report", RunReport.FILE);
    return results;
  }

  @Override
  public Map<String, Object> score(TrainingListener.TrainingState state,
      ShardExecutor<DomainAdaptationGame, DomainAdaptationNetworks, DomainShard> executor) {
    return evaluation(null, 0, new PrintStream(PrintStream.nullOutputStream())).score(state);
  }

  @Override
  public List<String> references() {
    return List.of();
  }

  @Override
  public Map<String, Object> scoreReference(String reference,
      ShardExecutor<DomainAdaptationGame, DomainAdaptationNetworks, DomainShard> executor) {
    throw new IllegalArgumentException("domain adaptation has no reference sets, got '" + reference + "'");
  }
}
