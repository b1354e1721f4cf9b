package ai.equilibrium.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.fs.Path;

/** SHA-256, the one digest of checkpoints, data sets, model files, shards and configurations, as hex. */
public final class Digests {
  /** Hex digits of a short id: a model file's version, a configuration's hash. */
  public static final int SHORT = 12;

  private Digests() {}

  /** A fresh SHA-256 to feed in parts. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  public static String sha256(byte[] bytes) {
    return hex(sha256().digest(bytes));
  }

  public static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The digest of everything {@code in} holds, read to its end (the caller closes it). */
  public static String sha256(InputStream in) throws IOException {
    MessageDigest sha = sha256();
    try (InputStream digesting = new DigestInputStream(in, sha)) {
      digesting.transferTo(OutputStream.nullOutputStream());
    }
    return hex(sha.digest());
  }

  /** The digest of a file on any Hadoop path (file:, hdfs:, s3a:). */
  public static String file(String location) {
    Path path = new Path(location);
    try (InputStream in = FileSystems.of(path).open(path)) {
      return sha256(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + location + ": " + e.getMessage(), e);
    }
  }

  /** A stream that digests what passes through it into {@code sha} on its way to {@code out}. */
  public static OutputStream digesting(OutputStream out, MessageDigest sha) {
    return new DigestOutputStream(out, sha);
  }

  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  /** The first {@link #SHORT} hex digits. */
  public static String shortForm(String hex) {
    return hex.substring(0, SHORT);
  }
}
