package ai.equilibrium.jobs;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.experiment.GameType;
import ai.equilibrium.storage.FileSystems;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a new or resumed run needs that its config alone cannot tell: a Spark master that starts, what its game
 * type checks (the data set, model files the run reads only once Spark has started), and a run directory it can
 * write. Checked before the run directory replaces an earlier run's files and before Spark starts, so that bad
 * input costs one line and loses nothing.
 */
final class Preflight {
  /**
   * Written and deleted again; hidden names are not run files. One name per check: two processes started on one
   * run directory check it before either holds its lease, and a shared name let one delete the other's probe.
   */
  private static final String PROBE = ".equilibrium-write-test-";

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
    SparkSessions.useHadoopSettings(config);
    GameType.of(config).preflight(config);
  }

  /** Creates the run directory (as the run would) and writes a file into it. */
  private static void checkRunDirectory(String location) {
    try {
      Path dir = new Path(location);
      FileSystem fs = FileSystems.of(dir);
      if (!fs.mkdirs(dir)) {
        throw new IOException("the directory cannot be created");
      }
      Path probe = new Path(dir, PROBE + java.util.UUID.randomUUID());
      fs.create(probe, true).close();
      fs.delete(probe, false);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigError("run.output-dir", "cannot write the run directory " + location + ": " + reason(e));
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
