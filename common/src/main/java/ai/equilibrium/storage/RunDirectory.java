package ai.equilibrium.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A run's directory on any Hadoop file system (file:, hdfs:, s3a:). Files that readers depend on are
 * written under a temporary name and renamed, so a crash never leaves a torn file behind.
 */
public final class RunDirectory {
  private final Path root;
  private final FileSystem fs;

  /** A writer of one file's content. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /** The run directory at {@code location}, created if absent. */
  public RunDirectory(String location) {
    this(location, true);
  }

  private RunDirectory(String location, boolean create) {
    try {
      this.root = new Path(location);
      this.fs = FileSystems.of(root);
      if (create) {
        fs.mkdirs(root);
      } else if (!fs.getFileStatus(root).isDirectory()) {
        throw new IllegalArgumentException(location + " is not a directory");
      }
    } catch (java.io.FileNotFoundException e) {
      throw new IllegalArgumentException("no run directory at " + location);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot " + (create ? "create" : "open") + " run directory " + location + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * The file system beneath Hadoop's checksum layer where there is one (the local disk): no .crc sidecars to read
   * or write, and a flushed line is readable at once instead of when its 512-byte chunk closes.
   */
  private FileSystem raw() {
    return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
  }

  /** The run directory at {@code location}, which must exist. */
  public static RunDirectory existing(String location) {
    return new RunDirectory(location, false);
  }

  private RunDirectory(Path root, FileSystem fs) {
    this.root = root;
    this.fs = fs;
  }

  /** A folder below this one ({@code trials/a-t000-s1}), neither created nor checked: for readers that walk. */
  public RunDirectory subdirectory(String relative) {
    return new RunDirectory(path(relative), fs);
  }

  /** The directory, fully qualified (for example file:/work/runs/x). */
  public String location() {
    return fs.makeQualified(root).toString();
  }

  public Path path(String relative) {
    return new Path(root, relative);
  }

  /** Writes a file atomically: to a hidden temporary sibling first, then renamed over the target. */
  public void writeAtomically(String relative, Writer writer) {
    Path target = path(relative);
    Path temporary = new Path(target.getParent(), "." + target.getName() + ".tmp");
    try {
      try (OutputStream out = fs.create(temporary, true)) {
        writer.write(out);
      }
      if (fs.exists(target)) {
        fs.delete(target, false);
      }
      if (!fs.rename(temporary, target)) {
        throw new IOException("rename of " + temporary + " to " + target + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  public void writeText(String relative, String text) {
    writeAtomically(relative, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Writes a directory of files atomically: into a hidden temporary directory, renamed when complete.
   *
   * @param relative the directory, for example checkpoints/step-100
   * @param contents writes the files, given the temporary directory's relative name
   */
  public void writeDirectoryAtomically(String relative, java.util.function.Consumer<String> contents) {
    Path target = path(relative);
    String temporaryName = relative.contains("/")
        ? relative.substring(0, relative.lastIndexOf('/') + 1) + "." + target.getName() + ".tmp"
        : "." + relative + ".tmp";
    Path temporary = path(temporaryName);
    try {
      fs.delete(temporary, true);
      fs.mkdirs(temporary);
      contents.accept(temporaryName);
      if (fs.exists(target)) {
        fs.delete(target, true);
      }
      if (!fs.rename(temporary, target)) {
        throw new IOException("rename of " + temporary + " to " + target + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** Whether a file or directory exists. */
  public boolean exists(String relative) {
    try {
      return fs.exists(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look for " + path(relative) + ": " + e.getMessage(), e);
    }
  }

  /** Deletes a file, or a directory with everything in it; nothing if it does not exist. */
  public void delete(String relative) {
    try {
      fs.delete(path(relative), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path(relative) + ": " + e.getMessage(), e);
    }
  }

  /**
   * A file's bytes, or empty if it does not exist. Files still being written (metrics.jsonl) are readable up
   * to their last flush; on the local file system reads bypass checksums, which streamed files do not have.
   */
  public Optional<byte[]> read(String relative) {
    Path file = path(relative);
    FileSystem reader = raw();
    try {
      if (!fs.exists(file)) {
        return Optional.empty();
      }
      try (InputStream in = reader.open(file)) {
        return Optional.of(in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * A file's SHA-256 and what {@code parser} made of its stream, read once: a large file is parsed as it is
   * digested instead of being held as bytes and then as values. Bytes the parser leaves are digested too.
   * Empty if the file does not exist.
   */
  public <T> Optional<Digested<T>> digest(String relative, StreamParser<T> parser) {
    Path file = path(relative);
    FileSystem reader = raw();
    try {
      if (!fs.exists(file)) {
        return Optional.empty();
      }
      java.security.MessageDigest sha = Digests.sha256();
      try (InputStream in = readingSkips(new java.security.DigestInputStream(
          new java.io.BufferedInputStream(reader.open(file), 1 << 16), sha))) {
        T value = parser.parse(in);
        in.transferTo(OutputStream.nullOutputStream());
        return Optional.of(new Digested<>(Digests.hex(sha.digest()), value));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code in} with skips that read (and so digest) the bytes they pass over: a DigestInputStream's skip
   * passes them to the stream beneath, unseen.
   */
  private static InputStream readingSkips(InputStream in) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        return in.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return in.read(b, off, len);
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  /** Makes a value of a file's stream. */
  @FunctionalInterface
  public interface StreamParser<T> {
    T parse(InputStream in) throws IOException;
  }

  /** A file's SHA-256 in hex and the value parsed from it. */
  public record Digested<T>(String sha256, T value) {}

  /** A text file's lines, or none if it does not exist. */
  public List<String> readLines(String relative) {
    return read(relative).map(bytes -> new String(bytes, StandardCharsets.UTF_8).lines().toList()).orElse(List.of());
  }

  /** Names of the files directly in a subdirectory (hidden temporaries excluded), sorted; none if absent. */
  public List<String> list(String relativeDirectory) {
    Path dir = path(relativeDirectory);
    try {
      if (!fs.exists(dir)) {
        return List.of();
      }
      List<String> names = new ArrayList<>();
      for (FileStatus status : fs.listStatus(dir)) {
        String name = status.getPath().getName();
        if (!name.startsWith(".")) {
          names.add(name);
        }
      }
      Collections.sort(names);
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Names of the directories directly in a subdirectory ("" for this one), hidden ones excluded, sorted. */
  public List<String> subdirectories(String relativeDirectory) {
    Path dir = relativeDirectory.isEmpty() ? root : path(relativeDirectory);
    try {
      List<String> names = new ArrayList<>();
      for (FileStatus status : fs.listStatus(dir)) {
        String name = status.getPath().getName();
        if (status.isDirectory() && !name.startsWith(".")) {
          names.add(name);
        }
      }
      Collections.sort(names);
      return names;
    } catch (java.io.FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The last {@code maxBytes} of a text file (all of it if shorter) as whole lines, the first line cut by the
   * window left out; none if it does not exist. A long metrics.jsonl ends with what a summary needs, so a page
   * of many runs reads only that much of each.
   */
  public List<String> readLastLines(String relative, long maxBytes) {
    Path file = path(relative);
    FileSystem reader = raw();
    try {
      long length = fs.getFileStatus(file).getLen();
      long from = Math.max(0, length - maxBytes);
      try (FSDataInputStream in = reader.open(file)) {
        in.seek(from); // a live file may have grown since its length was read: reading goes on to its end
        List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        return from > 0 && !lines.isEmpty() ? lines.subList(1, lines.size()) : lines;
      }
    } catch (java.io.FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens a file for appending (a resumed run's metrics): Hadoop's append where the file system has it (local,
   * HDFS), otherwise the file is rewritten with its content first (object stores).
   */
  public OutputStream append(String relative) {
    Path file = path(relative);
    FileSystem writer = raw();
    try {
      if (!fs.exists(file)) {
        return create(relative);
      }
      try {
        return writer.append(file);
      } catch (UnsupportedOperationException | IOException notSupported) {
        byte[] content = read(relative).orElse(new byte[0]);
        OutputStream out = writer.create(file, true);
        out.write(content);
        return out;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens a file for streaming writes (metrics); the caller closes it. On the local file system it bypasses
   * checksums, whose writer holds back the last partial 512-byte chunk until close, so that every flushed
   * line is readable at once (by report.html while the run goes on).
   */
  public OutputStream create(String relative) {
    try {
      FileSystem writer = raw();
      return writer.create(path(relative), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + path(relative) + ": " + e.getMessage(), e);
    }
  }
}
