package ai.equilibrium.storage;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The one way every part of the project reaches a file system (run directories, data sets, model files,
 * prepared shards). It uses the process's Hadoop configuration: Hadoop's own defaults where no Spark runs (the
 * in-process backend, tests), and where Spark runs, the application's, {@code spark.hadoop.*} settings included,
 * which the jobs install on the driver and on every executor before any file is read.
 */
public final class FileSystems {
  private static volatile Configuration configuration;

  private FileSystems() {}

  /** Makes {@code conf} the configuration every later file access of this JVM uses. */
  public static void use(Configuration conf) {
    configuration = conf;
  }

  /** The configuration in use: the installed one, or Hadoop's defaults. */
  public static Configuration configuration() {
    Configuration conf = configuration;
    if (conf == null) {
      conf = new Configuration();
      configuration = conf;
    }
    return conf;
  }

  /**
   * The file system of {@code path}, as this JVM's configuration says. On a local disk without Hadoop's
   * {@code .crc} sidecar files: they would double every file of a run folder, and what must be whole (checkpoints,
   * shards) carries its own digest. (A sidecar left by an earlier writer is deleted when its file is rewritten.)
   */
  public static FileSystem of(Path path) throws IOException {
    FileSystem fs = path.getFileSystem(configuration());
    if (fs instanceof ChecksumFileSystem local) {
      local.setWriteChecksum(false);
    }
    return fs;
  }

  /** Deletes the {@code .crc} sidecars under {@code folder} that writers outside this class (Spark's) left. */
  public static void dropChecksumFiles(Path folder) throws IOException {
    FileSystem fs = of(folder);
    if (!(fs instanceof ChecksumFileSystem local) || !fs.exists(folder)) {
      return;
    }
    FileSystem raw = local.getRawFileSystem();
    RemoteIterator<LocatedFileStatus> files = raw.listFiles(folder, true);
    while (files.hasNext()) {
      Path file = files.next().getPath();
      if (local.isChecksumFile(file)) {
        raw.delete(file, false);
      }
    }
  }
}
