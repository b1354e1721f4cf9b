package ai.equilibrium.gan;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.Settings;
import ai.equilibrium.data.ImageShardManifest;
import ai.equilibrium.metrics.AttributeClassifier;
import ai.equilibrium.metrics.ClassifierFeatureExtractor;
import ai.equilibrium.metrics.FeatureExtractor;
import ai.equilibrium.metrics.ImageScores;
import ai.equilibrium.metrics.KerasFeatureExtractor;
import ai.equilibrium.metrics.ModelFiles;
import ai.equilibrium.storage.FileSystems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.hadoop.fs.Path;

/** The feature extractor that scores a GAN's images ({@code eval.extractor}), and where its model file is. */
public final class FeatureExtractors {
  /** Where the default feature classifier of Fashion-MNIST lives, relative to the working directory. */
  public static final String DEFAULT_CLASSIFIER = "models/fashion-mnist-classifier-v1.zip";

  private FeatureExtractors() {}

  /**
   * The feature extractor of image evaluations, or empty when none is configured or the data are not images
   * (Gaussian mixtures are scored by mode coverage).
   */
  public static Optional<FeatureExtractor> of(ExperimentConfig config) {
    Settings.Eval e = config.eval();
    if (!scored(config)) {
      return Optional.empty();
    }
    try {
      return Optional.of(switch (e.extractor()) {
        case CLASSIFIER -> GanSource.of(config) == GanSource.FASHION_MNIST
            ? ClassifierFeatureExtractor.load(classifierPath(config), "fashion-mnist-classifier-v1")
            : ClassifierFeatureExtractor.load(classifierPath(config), ModelFiles.baseName(classifierPath(config)));
        case KERAS -> keras(e);
        case NONE -> throw new AssertionError();
      });
    } catch (IllegalArgumentException | UncheckedIOException ex) {
      throw new ConfigError("eval.extractor-path", ex.getMessage());
    }
  }

  /** Whether {@code config}'s samples are scored with an extractor: images, and an extractor configured. */
  static boolean scored(ExperimentConfig config) {
    return config.eval().extractor() != Settings.ExtractorKind.NONE && GanSource.of(config).scoredWithFeatures;
  }

  /**
   * The file of the classifier that eval.extractor = classifier uses, as a path that means the same on every node:
   * a relative path is the driver's local file, never a file of the cluster's default file system.
   */
  public static String classifierPath(ExperimentConfig config) {
    GanSource source = GanSource.of(config);
    if (source == GanSource.FASHION_MNIST) {
      return absolute(config.eval().extractorPath().orElse(DEFAULT_CLASSIFIER));
    }
    if (config.eval().extractorPath().isPresent()) {
      return absolute(config.eval().extractorPath().get());
    }
    if (source == GanSource.IMAGE_SHARDS) {
      // beside the data it was trained on and named by it, so each prepared folder finds its own, wherever it is
      String folder = GanSource.preparedFolder(config);
      return absolute(attributeClassifierPath(folder, ImageShardManifest.read(folder).contentHash()));
    }
    throw new ConfigError("eval.extractor-path", "eval.extractor = classifier has no default for data.source = "
        + source.configName() + ": set eval.extractor-path, use eval.extractor = keras, or eval.extractor = none");
  }

  /** Where the attribute classifier trained on a prepared folder is saved and found: its models/ folder. */
  public static String attributeClassifierPath(String preparedFolder, String manifestHash) {
    return preparedFolder.replaceAll("/+$", "") + "/models/" + AttributeClassifier.name(manifestHash) + ".zip";
  }

  /** A path with a scheme as it is; a local one absolute, as a file: URI. */
  static String absolute(String path) {
    if (path.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      return path;
    }
    return java.nio.file.Path.of(path).toAbsolutePath().normalize().toUri().toString();
  }

  /**
   * The model file exists (it is read only when training begins, after Spark has started): a failure names
   * eval.extractor-path and the file.
   */
  static void checkModelFile(ExperimentConfig config) {
    if (!scored(config)) {
      return;
    }
    Settings.Eval eval = config.eval();
    if (eval.extractor() == Settings.ExtractorKind.KERAS && eval.extractorPath().isEmpty()) {
      throw new ConfigError("eval.extractor-path", "eval.extractor = keras needs the path of a Keras HDF5 file");
    }
    String file = eval.extractor() == Settings.ExtractorKind.KERAS ? absolute(eval.extractorPath().get())
        : classifierPath(config);
    boolean exists;
    try {
      Path path = new Path(file);
      exists = FileSystems.of(path).isFile(path);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigError("eval.extractor-path", "cannot read " + file + ": " + innermost(e));
    }
    if (!exists) {
      throw new ConfigError("eval.extractor-path", "no model file at " + file + (eval.extractorPath().isPresent() ? ""
          : " (the default: train it with submit-scripts/train-feature-classifier"
              + (GanSource.of(config) == GanSource.IMAGE_SHARDS ? " --images " + GanSource.preparedFolder(config) : "")
              + ", or set eval.extractor = none)"));
    }
  }

  /** The innermost message: Hadoop wraps the file system's own reason. */
  private static String innermost(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause().getMessage() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? "cannot be read" : cause.getMessage();
  }

  /** A Keras HDF5 network (InceptionV3), imported once here so that a bad file fails before training. */
  private static FeatureExtractor keras(Settings.Eval e) {
    String path = absolute(e.extractorPath().orElseThrow(() -> new ConfigError("eval.extractor-path",
        "eval.extractor = keras needs the path of a Keras HDF5 file, for example InceptionV3 (see the README)")));
    String id = "keras-" + ModelFiles.baseName(path) + "@" + ModelFiles.digest(path) + "/" + e.featureLayer();
    KerasFeatureExtractor extractor = new KerasFeatureExtractor(path, e.featureLayer(), e.inputSize(), e.inputSize(),
        3, id);
    extractor.dimension();
    return extractor;
  }

  static ImageScores.BestMetric bestMetric(Settings.Eval e) {
    return switch (e.bestMetric()) {
      case FID -> ImageScores.BestMetric.FID;
      case KID -> ImageScores.BestMetric.KID;
      case PRECISION -> ImageScores.BestMetric.PRECISION;
      case RECALL -> ImageScores.BestMetric.RECALL;
    };
  }
}
