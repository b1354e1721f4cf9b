package ai.equilibrium.config;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** The typed, validated records of an experiment configuration, one per HOCON section. */
public final class Settings {
  private Settings() {}

  /**
   * @param checkpointEvery steps between whole-state checkpoints, 0 for the start and the end only
   * @param keepCheckpoints step checkpoints kept, newest first
   */
  public record Run(String name, long seed, int steps, String outputDir, int logEvery, int progressEvery,
      int sampleEvery, int sampleCount, int checkpointEvery, int keepCheckpoints) {}

  /**
   * @param source     one of the game type's data sources ({@link GameSchema#dataSources()})
   * @param path       the data set's location, or empty for the source's own default ("auto")
   * @param moons      two-moons: training samples per domain (as many held out), noise, target rotation
   */
  public record Data(String source, java.util.Optional<String> path, int mixtureSamples, NoiseImages noiseImages,
      Moons moons, MnistM mnistm) {}

  /** mnist-to-mnistm: what the target digits are blended onto, and where the photos are when photos. */
  public record MnistM(Backgrounds backgrounds, String photos) {}

  /** MNIST-M-style backgrounds. */
  public enum Backgrounds {
    /** Procedural colour textures drawn from the seed. */
    PROCEDURAL,
    /** Crops of the photos in data.mnistm.photos, as MNIST-M crops BSDS500's. */
    PHOTOS
  }

  /** Uniform-noise images of channels x size x size. */
  public record NoiseImages(int channels, int size, int samples) {}

  public record Moons(int samples, double noise, double rotationDegrees) {}

  public enum Architecture { MLP, DCGAN_28, DCGAN_64 }

  public enum Precision { FLOAT, DOUBLE }

  /**
   * @param featureHidden     domain adaptation: hidden widths of the feature extractor
   * @param featureDimension  domain adaptation: the features' width
   * @param classifierHidden  domain adaptation: hidden widths of the label classifier (the domain classifier's
   *                          are adversaryHidden)
   */
  public record Model(Architecture architecture, int latentDim, List<Integer> generatorHidden,
      List<Integer> adversaryHidden, HiddenActivation hiddenActivation, double adversaryDropout, Precision precision,
      List<Integer> featureHidden, int featureDimension, List<Integer> classifierHidden,
      FeatureExtractorKind featureExtractor) {}

  /** Domain adaptation's feature extractor. */
  public enum FeatureExtractorKind {
    /** Fully connected, model.feature-hidden. */
    MLP,
    /** Two 5x5 stride-2 convolutions (32, 48 channels) and a dense layer: LeNet-like, for images. */
    CONV
  }

  /** The activation between an mlp GAN's hidden layers. */
  public enum HiddenActivation {
    /** LeakyReLU 0.2, the benchmark networks'. */
    LEAKY_RELU,
    /** tanh: smooth, so the adversary's loss Hessian is defined everywhere (what exact Hessian products need). */
    TANH
  }

  public enum LossKind { NON_SATURATING, MINIMAX, LEAST_SQUARES, HINGE, WASSERSTEIN }

  public enum DomainLoss { SUM_OF_MEANS, MEAN }

  /**
   * @param type       the registered game type ({@link GameSchema#name()}) the one training loop runs
   * @param lambda     domain adaptation: the reversed domain loss's weight; empty for DANN's schedule
   * @param domainLoss domain adaptation: how the domain classifier's loss reduces its batch (and so V*)
   */
  public record Game(String type, LossKind loss, OptionalDouble lambda, DomainLoss domainLoss) {}

  public enum UpdateOrderKind { ALTERNATING, SIMULTANEOUS }

  public record Train(int batchSize, int partitions, int microBatchesPerPartition, UpdateOrderKind updateOrder,
      int adversarySteps) {}

  public enum PenaltyKind { NONE, WGAN_GP, R1, R2, ZERO_CENTRED }

  /** How the best-response correction approximates the adversary's loss Hessian (METHODS.md section 2). */
  public enum HessianKind {
    /** The outer product of the batch-mean adversary gradient: one scalar c. */
    BATCH_MEAN,
    /** The empirical Fisher: the mean outer product of the step's micro-batch gradients. */
    FISHER,
    /** Finite-difference Hessian-vector products and MINRES: the implicit gradient itself. */
    EXACT
  }

  /**
   * @param enabled         whether the generator's gradient gets the best-response correction
   * @param hessian         the approximation of the adversary's loss Hessian
   * @param epsilon         absolute damping: eps in c = &lt;F_D, g_D&gt; / (|g_D|^2 + eps), lambda in H + lambda I
   * @param relativeDamping damping added in units of the median squared norm of the step's micro-batch
   *                        adversary gradients (0 for none)
   * @param freshDraw       whether the main player's phase draws its own batch instead of the one the adversary
   *                        just descended on (alternating updates)
   * @param exactIterations the exact Hessian's MINRES iterations at most
   * @param exactTolerance  residual, relative to |F_D|, at which MINRES stops
   * @param fdStep          relative finite-difference step of the exact Hessian's products
   */
  public record BestResponse(boolean enabled, HessianKind hessian, double epsilon, double relativeDamping,
      boolean freshDraw, int exactIterations, double exactTolerance, double fdStep) implements java.io.Serializable {}

  /**
   * @param bestResponse  the best-response correction of the generator's gradient
   * @param spectralNorm  whether the adversary's dense and convolution weights are spectrally normalized
   * @param penalty       the gradient penalty on the adversary
   * @param penaltyWeight lambda (WGAN-GP, zero-centred) or gamma (R1, R2)
   * @param penaltyStep   relative finite-difference step of the penalty's gradient
   */
  public record Stabilize(BestResponse bestResponse, boolean spectralNorm, PenaltyKind penalty,
      double penaltyWeight, double penaltyStep) {}

  public enum ExtractorKind { NONE, CLASSIFIER, KERAS }

  public enum BestMetric { FID, KID, PRECISION, RECALL }

  /**
   * @param every         steps between image evaluations, 0 for the end only
   * @param extractorPath empty for the data set's default
   */
  public record Eval(int every, int samples, ExtractorKind extractor, java.util.Optional<String> extractorPath,
      String featureLayer, int inputSize, BestMetric bestMetric) {}

  public enum ScheduleKind { GAP_AWARE, CONSTANT }

  /**
   * x-min and x-max are empty for "auto" (0.1 V*); the first {@code warmupUpdates} adversary updates run at the
   * base rate (multiplier 1) while the EMA follows the loss.
   */
  public record Schedule(ScheduleKind type, double decay, double hMin, double fMax, OptionalDouble xMin,
      OptionalDouble xMax, int warmupUpdates) {

    /** Without a warm-up. */
    public Schedule(ScheduleKind type, double decay, double hMin, double fMax, OptionalDouble xMin,
        OptionalDouble xMax) {
      this(type, decay, hMin, fMax, xMin, xMax, 0);
    }
  }

  /**
   * @param band      half-width of the band around V* the adversary-loss EMA must stay in; empty for none
   * @param patience  steps in a row outside the band that count as divergence
   * @param emaDecay  decay of the guard's EMA of the adversary loss
   * @param lrFactor  multiplies both base learning rates at each rollback
   */
  public record Guard(boolean enabled, OptionalDouble band, int patience, double emaDecay, double lrFactor,
      int maxRollbacks) {}

  /**
   * @param reduction where the partitions' results of a step merge on Spark: on the driver (every partition's
   *                  result travels there) or on the executors in a tree (one result does)
   * @param backend    how steps run on Spark: one job per phase with the optimizers on the driver, or blocks of
   *                   steps on replicas that reduce gradients among themselves, or auto (by placement)
   * @param blockSteps the most steps in one block of the block backend
   */
  public record Spark(String master, Map<String, String> conf, ReductionKind reduction, BackendKind backend,
      int blockSteps) {}

  /** {@code spark.reduction}. */
  public enum ReductionKind { DRIVER, TREE }

  /** {@code spark.backend}: auto picks per-step or block from where the job runs. */
  public enum BackendKind { AUTO, PER_STEP, BLOCK }

  /** A config value as HOCON spells it: DCGAN_28 is dcgan-28. */
  public static String configName(Enum<?> value) {
    return value.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
