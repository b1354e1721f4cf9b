package ai.equilibrium.config;

import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.DataSource;
import ai.equilibrium.data.DeterministicSeeds;
import ai.equilibrium.data.FashionMnistSource;
import ai.equilibrium.data.ImageShardManifest;
import ai.equilibrium.data.ImageShardSource;
import ai.equilibrium.data.ImageSplit;
import ai.equilibrium.data.GaussianMixtureSource;
import ai.equilibrium.data.NoiseImageSource;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.loss.AdversarialLoss;
import ai.equilibrium.loss.HingeLoss;
import ai.equilibrium.loss.LeastSquaresLoss;
import ai.equilibrium.loss.MinimaxLoss;
import ai.equilibrium.loss.NonSaturatingLoss;
import ai.equilibrium.loss.WassersteinLoss;
import ai.equilibrium.model.Dcgan28Spec;
import ai.equilibrium.model.Dcgan64Spec;
import ai.equilibrium.model.MlpSpec;
import ai.equilibrium.model.NetworkSpec;
import ai.equilibrium.optim.Adam;
import ai.equilibrium.optim.Grafted;
import ai.equilibrium.optim.LearningRateDecay;
import ai.equilibrium.optim.NormScope;
import ai.equilibrium.optim.NormalizedSgd;
import ai.equilibrium.optim.Optimizer;
import ai.equilibrium.optim.Sgd;
import ai.equilibrium.schedule.AdversaryLrSchedule;
import ai.equilibrium.schedule.ConstantSchedule;
import ai.equilibrium.schedule.GapAwareSchedule;
import ai.equilibrium.metrics.ClassifierFeatureExtractor;
import ai.equilibrium.metrics.FeatureExtractor;
import ai.equilibrium.metrics.ImageScores;
import ai.equilibrium.metrics.KerasFeatureExtractor;
import ai.equilibrium.metrics.AttributeClassifier;
import ai.equilibrium.metrics.ModelFiles;
import ai.equilibrium.tensor.ParameterSet;
import ai.equilibrium.train.DivergenceGuard;
import ai.equilibrium.stabilize.BestResponseCorrection;
import ai.equilibrium.stabilize.Penalties;
import ai.equilibrium.stabilize.R1Penalty;
import ai.equilibrium.stabilize.R2Penalty;
import ai.equilibrium.stabilize.SpectralNormalization;
import ai.equilibrium.stabilize.WganGradientPenalty;
import ai.equilibrium.stabilize.ZeroCentredGradientPenalty;
import ai.equilibrium.step.GradientCorrection;
import ai.equilibrium.step.MicroBatchPlan;
import ai.equilibrium.step.Reparameterization;
import ai.equilibrium.step.Player;
import ai.equilibrium.train.PlayerState;
import ai.equilibrium.train.UpdateOrder;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

/** Turns validated settings into the engine's parts: one exhaustive switch per configurable axis. */
public final class Components {
  private Components() {}

  /** The samples a GAN learns: images or points. */
  public static DataSource<DataShard> sampleSource(ExperimentConfig config) {
    Settings.Data d = config.data();
    return switch (d.source()) {
      case FASHION_MNIST -> new FashionMnistSource(d.path(), FashionMnistSource.Split.TRAIN);
      case GAUSSIAN_RING -> new GaussianMixtureSource(GaussianMixtureSource.Layout.RING_8, d.mixtureSamples(), config.run().seed());
      case GAUSSIAN_GRID -> new GaussianMixtureSource(GaussianMixtureSource.Layout.GRID_25, d.mixtureSamples(), config.run().seed());
      case NOISE_IMAGES -> new NoiseImageSource(new SampleShape.Image(d.noiseImages().channels(),
          d.noiseImages().size(), d.noiseImages().size()), d.noiseImages().samples(), config.run().seed());
      case IMAGE_SHARDS -> new ImageShardSource(d.path(), ImageSplit.TRAIN);
      case TWO_MOONS, MNIST_TO_MNISTM -> throw new ConfigError("data.source", configName(d.source())
          + " is a pair of domains, for game.type = domain-adaptation; a GAN trains on fashion-mnist, image-shards, "
          + "gaussian-ring, gaussian-grid or noise-images");
    };
  }

  /** The images held out from training, against which a reference score is computed. */
  public static DataSource<DataShard> heldOutSource(ExperimentConfig config) {
    Settings.Data d = config.data();
    return switch (d.source()) {
      case FASHION_MNIST -> new FashionMnistSource(d.path(), FashionMnistSource.Split.TEST);
      case IMAGE_SHARDS -> new ImageShardSource(d.path(), ImageSplit.TEST);
      case GAUSSIAN_RING, GAUSSIAN_GRID, NOISE_IMAGES, TWO_MOONS, MNIST_TO_MNISTM -> throw new ConfigError("data.source",
          configName(d.source()) + " has no held-out images: the held-out reference needs fashion-mnist or image-shards");
    };
  }

  public static NetworkSpec networkSpec(Settings.Model m) {
    return switch (m.architecture()) {
      case MLP -> new MlpSpec(m.latentDim(), m.generatorHidden(), m.adversaryHidden());
      case DCGAN_28 -> new Dcgan28Spec(m.latentDim());
      case DCGAN_64 -> new Dcgan64Spec(m.latentDim());
    };
  }

  public static AdversarialLoss loss(Settings.Game g) {
    return switch (g.loss()) {
      case NON_SATURATING -> new NonSaturatingLoss();
      case MINIMAX -> new MinimaxLoss();
      case LEAST_SQUARES -> new LeastSquaresLoss();
      case HINGE -> new HingeLoss();
      case WASSERSTEIN -> new WassersteinLoss();
    };
  }

  public static DataType precision(Settings.Model m) {
    return switch (m.precision()) {
      case FLOAT -> DataType.FLOAT;
      case DOUBLE -> DataType.DOUBLE;
    };
  }

  public static MicroBatchPlan plan(Settings.Train t) {
    return MicroBatchPlan.of(t.batchSize(), t.partitions(), t.microBatchesPerPartition());
  }

  /**
   * Penalties are differentiated by finite differences of first-order passes, and in float the smallest usable
   * step crosses the kinks of LeakyReLU adversaries often enough to corrupt their gradient.
   */
  public static void checkPenaltyPrecision(Penalties penalties, DataType precision) {
    if (!penalties.isEmpty() && precision != DataType.DOUBLE) {
      throw new ConfigError("model.precision", "a gradient penalty is differentiated by finite differences of "
          + "first-order passes, and in float precision the smallest usable step (about 1e-3) crosses the kinks of "
          + "LeakyReLU adversaries often enough to corrupt its gradient; set model.precision = double");
    }
  }

  /** The main player's driver-side state at {@code initial}, with its optimizer and base rate. */
  public static PlayerState mainPlayer(ExperimentConfig config, ParameterSet initial) {
    return new PlayerState(Player.MAIN, initial, optimizer(config.mainOptimizer()), config.mainOptimizer().lr(),
        decay(config.mainOptimizer(), config.run()), Reparameterization.IDENTITY);
  }

  /**
   * The adversary's driver-side state at {@code initial}, with its optimizer, base rate and reparameterization
   * (spectral normalization of {@code network}'s weights when configured).
   */
  public static PlayerState adversaryPlayer(ExperimentConfig config, ParameterSet initial, MultiLayerNetwork network) {
    return new PlayerState(Player.ADVERSARY, initial, optimizer(config.adversaryOptimizer()),
        config.adversaryOptimizer().lr(), decay(config.adversaryOptimizer(), config.run()),
        adversaryReparameterization(config.stabilize(), network, initial,
            DeterministicSeeds.mix(config.run().seed(), SPECTRAL_NORM_STREAM, 0, 0)));
  }

  private static LearningRateDecay decay(Settings.Optimizer o, Settings.Run run) {
    return switch (o.decay()) {
      case NONE -> new LearningRateDecay.None();
      case DANN -> new LearningRateDecay.Dann(run.steps());
    };
  }

  /** A config value as HOCON spells it: MNIST_TO_MNISTM is mnist-to-mnistm. */
  public static String configName(Enum<?> value) {
    return value.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** Seeds the power-iteration vectors apart from every per-step draw. */
  private static final long SPECTRAL_NORM_STREAM = -1;

  public static Penalties penalties(Settings.Stabilize s) {
    double w = s.penaltyWeight();
    return switch (s.penalty()) {
      case NONE -> Penalties.none();
      case WGAN_GP -> new Penalties(List.of(new WganGradientPenalty(w)), s.penaltyStep());
      case R1 -> new Penalties(List.of(new R1Penalty(w)), s.penaltyStep());
      case R2 -> new Penalties(List.of(new R2Penalty(w)), s.penaltyStep());
      case ZERO_CENTRED -> new Penalties(List.of(new ZeroCentredGradientPenalty(w)), s.penaltyStep());
    };
  }

  /** Where the default feature classifier of Fashion-MNIST lives, relative to the working directory. */
  public static final String DEFAULT_CLASSIFIER = "models/fashion-mnist-classifier-v1.zip";

  /**
   * The feature extractor of image evaluations, or empty when none is configured or the data are not images
   * (Gaussian mixtures are scored by mode coverage).
   */
  public static Optional<FeatureExtractor> featureExtractor(ExperimentConfig config) {
    Settings.Eval e = config.eval();
    if (e.extractor() == Settings.ExtractorKind.NONE || !scoredWithFeatures(config.data().source())) {
      return Optional.empty();
    }
    try {
      return Optional.of(switch (e.extractor()) {
        case CLASSIFIER -> config.data().source() == Settings.DataSourceKind.FASHION_MNIST
            ? ClassifierFeatureExtractor.load(e.extractorPath().orElse(DEFAULT_CLASSIFIER), "fashion-mnist-classifier-v1")
            : ClassifierFeatureExtractor.load(classifierPath(config), ModelFiles.baseName(classifierPath(config)));
        case KERAS -> keras(e);
        case NONE -> throw new AssertionError();
      });
    } catch (IllegalArgumentException | java.io.UncheckedIOException ex) {
      throw new ConfigError("eval.extractor-path", ex.getMessage());
    }
  }

  /** Whether a data source's samples are images scored by FID, KID and precision/recall. */
  public static boolean scoredWithFeatures(Settings.DataSourceKind source) {
    return source == Settings.DataSourceKind.FASHION_MNIST || source == Settings.DataSourceKind.IMAGE_SHARDS;
  }

  /** The file of the classifier that eval.extractor = classifier uses. */
  public static String classifierPath(ExperimentConfig config) {
    if (config.data().source() == Settings.DataSourceKind.FASHION_MNIST) {
      return config.eval().extractorPath().orElse(DEFAULT_CLASSIFIER);
    }
    if (config.eval().extractorPath().isPresent()) {
      return config.eval().extractorPath().get();
    }
    if (config.data().source() == Settings.DataSourceKind.IMAGE_SHARDS) {
      // named by the data it was trained on, so each prepared folder finds its own
      return "models/" + AttributeClassifier.name(ImageShardManifest.read(config.data().path()).contentHash()) + ".zip";
    }
    throw new ConfigError("eval.extractor-path", "eval.extractor = classifier has no default for data.source = "
        + configName(config.data().source()) + ": set eval.extractor-path, use eval.extractor = keras, or "
        + "eval.extractor = none");
  }

  /** A Keras HDF5 network (InceptionV3), imported once here so that a bad file fails before training. */
  private static FeatureExtractor keras(Settings.Eval e) {
    String path = e.extractorPath().orElseThrow(() -> new ConfigError("eval.extractor-path",
        "eval.extractor = keras needs the path of a Keras HDF5 file, for example InceptionV3 (see the README)"));
    String id = "keras-" + ModelFiles.baseName(path) + "@" + ModelFiles.digest(path) + "/" + e.featureLayer();
    KerasFeatureExtractor extractor = new KerasFeatureExtractor(path, e.featureLayer(), e.inputSize(), e.inputSize(),
        3, id);
    extractor.dimension();
    return extractor;
  }

  public static ImageScores.BestMetric bestMetric(Settings.Eval e) {
    return switch (e.bestMetric()) {
      case FID -> ImageScores.BestMetric.FID;
      case KID -> ImageScores.BestMetric.KID;
      case PRECISION -> ImageScores.BestMetric.PRECISION;
      case RECALL -> ImageScores.BestMetric.RECALL;
    };
  }

  /** The driver-side corrections of the players' gradients. */
  public static List<GradientCorrection> corrections(Settings.Stabilize s) {
    return s.bestResponse() ? List.of(new BestResponseCorrection(s.bestResponseEpsilon())) : List.of();
  }

  /** How the adversary's optimizer parameters become its network parameters. */
  private static Reparameterization adversaryReparameterization(Settings.Stabilize s, MultiLayerNetwork adversary,
      ParameterSet parameters, long seed) {
    if (!s.spectralNorm()) {
      return Reparameterization.IDENTITY;
    }
    try {
      return SpectralNormalization.of(adversary, parameters, seed);
    } catch (IllegalArgumentException e) {
      throw new ConfigError("stabilize.spectral-norm", e.getMessage());
    }
  }

  public static Optimizer optimizer(Settings.Optimizer o) {
    return optimizer(o.type(), o);
  }

  private static Optimizer optimizer(Settings.OptimizerKind kind, Settings.Optimizer o) {
    NormScope scope = switch (o.scope()) {
      case LAYER -> NormScope.LAYER;
      case GLOBAL -> NormScope.GLOBAL;
    };
    return switch (kind) {
      case ADAM -> new Adam(o.beta1(), o.beta2(), o.epsilon());
      case SGD -> new Sgd();
      case NSGD -> new NormalizedSgd(scope);
      case GRAFTED -> new Grafted(optimizer(o.magnitude(), o), optimizer(o.direction(), o), scope);
    };
  }

  /** The schedule for a loss whose ideal adversary loss is {@code idealLoss}. */
  /** The divergence guard of {@code guard} around V* = {@code idealLoss}. */
  public static DivergenceGuard guard(Settings.Guard guard, double idealLoss) {
    return new DivergenceGuard(guard.enabled(), guard.band(), guard.patience(), guard.emaDecay(), guard.lrFactor(),
        guard.maxRollbacks(), idealLoss);
  }

  public static AdversaryLrSchedule schedule(Settings.Schedule s, double idealLoss) {
    return switch (s.type()) {
      case CONSTANT -> new ConstantSchedule();
      case GAP_AWARE -> {
        double auto = 0.1 * Math.abs(idealLoss);
        if ((s.xMin().isEmpty() || s.xMax().isEmpty()) && auto == 0) {
          throw new ConfigError(s.xMin().isEmpty() ? "schedule.x-min" : "schedule.x-max",
              "the loss's ideal value V* is 0, so the default 0.1 V* is 0: set schedule.x-min and schedule.x-max explicitly");
        }
        yield new GapAwareSchedule(idealLoss, s.decay(), s.hMin(), s.fMax(), s.xMin().orElse(auto), s.xMax().orElse(auto));
      }
    };
  }

  public static UpdateOrder updateOrder(Settings.Train t) {
    return switch (t.updateOrder()) {
      case SIMULTANEOUS -> new UpdateOrder.Simultaneous();
      case ALTERNATING -> new UpdateOrder.Alternating(t.adversarySteps());
    };
  }
}
