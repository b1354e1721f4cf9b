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
    MessageDigest sha = sha256();
    try (InputStream in = new DigestInputStream(path.getFileSystem(new Configuration()).open(path), sha)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (java.io.FileNotFoundException e) {
      throw new IllegalArgumentException("the feature extractor model " + file + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the feature extractor model " + file + ": " + e.getMessage(), e);
    }
    return prefix(sha);
  }

  /** The same digest of a model already in memory. */
  public static String digest(byte[] model) {
    MessageDigest sha = sha256();
    sha.update(model);
    return prefix(sha);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String prefix(MessageDigest sha) {
    return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
  }

  /** The file's name without directories or extension. */
  public static String baseName(String file) {
    String name = file.substring(file.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
