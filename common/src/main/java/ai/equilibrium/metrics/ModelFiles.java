package ai.equilibrium.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Model files of feature extractors on any Hadoop path. */
public final class ModelFiles {
  private ModelFiles() {}

  /** The first 12 hex digits of the file's SHA-256: the version part of an extractor id. */
  public static String digest(String file) {
    Path path = new Path(file);
    try (InputStream in = new DigestInputStream(path.getFileSystem(new Configuration()).open(path),
        MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest()).substring(0, 12);
    } catch (java.io.FileNotFoundException e) {
      throw new IllegalArgumentException("the feature extractor model " + file + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the feature extractor model " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The file's name without directories or extension. */
  public static String baseName(String file) {
    String name = file.substring(file.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
