package ai.equilibrium.jobs;

import ai.equilibrium.config.Components;
import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.Settings;
import ai.equilibrium.data.FashionMnistSource;
import ai.equilibrium.data.ImageShardManifest;
import ai.equilibrium.data.MnistToMnistMSource;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a new or resumed run needs that its config alone cannot tell: a Spark master that starts, a run directory it can
 * write, the data set and the feature extractor's model file (which the run reads only once Spark has
 * started). Checked before the run directory replaces an earlier run's files and before Spark starts, so that
 * bad input costs one line and loses nothing.
 */
final class Preflight {
  /** Written and deleted again; hidden names are not run files. */
  private static final String PROBE = ".equilibrium-write-test";

  private Preflight() {}

  /** Returns {@code config} once it passes; a failure names its key and, for files, the path. */
  static ExperimentConfig newRun(ExperimentConfig config) {
    checkInputs(config);
    checkRunDirectory(config.run().outputDir() + "/" + config.run().name()); // last: it creates the directory
    return config;
  }

  /** The same checks for a run resumed in {@code location}, before its history is cut back. */
  static void resumedRun(ExperimentConfig config, String location) {
    checkInputs(config);
    checkRunDirectory(location);
  }

  private static void checkInputs(ExperimentConfig config) {
    SparkSessions.checkMaster(config);
    if (config.data().source() == Settings.DataSourceKind.MNIST_TO_MNISTM) {
      new MnistToMnistMSource(config.data().path(), config.run().seed()).checkAvailable();
    }
    if (config.data().source() == Settings.DataSourceKind.FASHION_MNIST) {
      new FashionMnistSource(config.data().path(), FashionMnistSource.Split.TRAIN).checkAvailable();
    }
    if (config.data().source() == Settings.DataSourceKind.IMAGE_SHARDS) {
      ImageShardManifest.read(config.data().path());
    }
    checkExtractorModel(config);
  }

  /** Creates the run directory (as the run would) and writes a file into it. */
  private static void checkRunDirectory(String location) {
    try {
      Path dir = new Path(location);
      FileSystem fs = dir.getFileSystem(new Configuration());
      if (!fs.mkdirs(dir)) {
        throw new IOException("the directory cannot be created");
      }
      Path probe = new Path(dir, PROBE);
      fs.create(probe, true).close();
      fs.delete(probe, false);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigError("run.output-dir", "cannot write the run directory " + location + ": " + reason(e));
    }
  }

  /** The model file exists; it is read only when training begins, after Spark has started. */
  private static void checkExtractorModel(ExperimentConfig config) {
    Settings.Eval eval = config.eval();
    // As Components.featureExtractor: only image data are scored with an extractor.
    if (eval.extractor() == Settings.ExtractorKind.NONE
        || !Components.scoredWithFeatures(config.data().source())) {
      return;
    }
    if (eval.extractor() == Settings.ExtractorKind.KERAS && eval.extractorPath().isEmpty()) {
      throw new ConfigError("eval.extractor-path", "eval.extractor = keras needs the path of a Keras HDF5 file");
    }
    String file = eval.extractor() == Settings.ExtractorKind.KERAS ? eval.extractorPath().get()
        : Components.classifierPath(config);
    boolean exists;
    try {
      Path path = new Path(file);
      exists = path.getFileSystem(new Configuration()).isFile(path);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigError("eval.extractor-path", "cannot read " + file + ": " + reason(e));
    }
    if (!exists) {
      throw new ConfigError("eval.extractor-path", "no model file at " + file + (eval.extractorPath().isPresent() ? ""
          : " (the default: train it with submit-scripts/train-feature-classifier"
              + (config.data().source() == Settings.DataSourceKind.IMAGE_SHARDS ? " --images " + config.data().path() : "")
              + ", or set eval.extractor = none)"));
    }
  }

  /** The innermost message: Hadoop wraps the file system's own reason. */
  private static String reason(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause().getMessage() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? "cannot be written" : cause.getMessage();
  }
}
