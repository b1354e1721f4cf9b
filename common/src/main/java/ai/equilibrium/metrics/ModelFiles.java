package ai.equilibrium.metrics;

import ai.equilibrium.storage.Digests;
import ai.equilibrium.storage.FileSystems;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.Path;

/** Model files of feature extractors on any Hadoop path. */
public final class ModelFiles {
  private ModelFiles() {}

  /** The first 12 hex digits of the file's SHA-256: the version part of an extractor id. */
  public static String digest(String file) {
    Path path = new Path(file);
    try (InputStream in = FileSystems.of(path).open(path)) {
      return Digests.shortForm(Digests.sha256(in));
    } catch (java.io.FileNotFoundException e) {
      throw new IllegalArgumentException("the feature extractor model " + file + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the feature extractor model " + file + ": " + e.getMessage(), e);
    }
  }

  /** The same digest of a model already in memory. */
  public static String digest(byte[] model) {
    return Digests.shortForm(Digests.sha256(model));
  }

  /** The file's name without directories or extension. */
  public static String baseName(String file) {
    String name = file.substring(file.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
