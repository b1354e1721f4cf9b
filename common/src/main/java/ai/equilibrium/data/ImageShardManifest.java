package ai.equilibrium.data;

import ai.equilibrium.storage.Digests;
import ai.equilibrium.storage.FileSystems;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a prepared image folder holds ({@code manifest.json}): the image shape, the shards with their counts per
 * split and checksums, the attributes' names, what was skipped, and where and how it was made. It is written
 * last, so a folder with a manifest is complete.
 *
 * @param format     {@link #FORMAT}
 * @param source     the folder the images came from
 * @param crop       the crop before resizing ({@link ImageResampler.Crop}, as configured)
 * @param attributes the attribute names (CelebA's 40), empty without an attribute file
 * @param skipped    files that could not be read (listed in {@code bad-files.tsv})
 * @param seconds    the preparation's wall time, including earlier runs' shards only as they were reused
 */
public record ImageShardManifest(String format, String source, int channels, int height, int width, String crop,
    List<String> attributes, List<Shard> shards, long skipped, double seconds, String created)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String FORMAT = "equilibrium-image-shards/1";
  public static final String FILE = "manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  public ImageShardManifest {
    attributes = List.copyOf(attributes);
    shards = List.copyOf(shards);
  }

  /**
   * One shard file.
   *
   * @param sha256 of the whole file
   */
  public record Shard(String file, int images, int train, int valid, int test, long bytes, String sha256)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    public int count(ImageSplit split) {
      return switch (split) {
        case TRAIN -> train;
        case VALID -> valid;
        case TEST -> test;
      };
    }
  }

  @JsonIgnore
  public long images() {
    return shards.stream().mapToLong(Shard::images).sum();
  }

  public long count(ImageSplit split) {
    return shards.stream().mapToLong(s -> s.count(split)).sum();
  }

  /**
   * The prepared data's identity: a digest of the shape and every shard's checksum, the same whenever the
   * same images are prepared the same way (a model trained on them names it).
   */
  @JsonIgnore
  public String contentHash() {
    MessageDigest digest = Digests.sha256();
    digest.update((channels + "x" + height + "x" + width + "/" + crop + "\n").getBytes(StandardCharsets.UTF_8));
    for (Shard s : shards) {
      digest.update((s.file() + " " + s.sha256() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return Digests.hex(digest.digest());
  }

  public byte[] toJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot render the manifest", e);
    }
  }

  public static ImageShardManifest fromJson(InputStream in, String origin) throws IOException {
    ImageShardManifest m;
    try {
      m = JSON.readValue(in, ImageShardManifest.class);
    } catch (IOException e) {
      throw new IOException(origin + " is not a readable image-shard manifest: " + e.getMessage(), e);
    }
    if (!FORMAT.equals(m.format())) {
      throw new IOException(origin + " has format '" + m.format() + "', this version reads " + FORMAT);
    }
    return m;
  }

  /**
   * Reads {@code folder}/manifest.json from any Hadoop path.
   *
   * @throws DataUnavailableException naming the folder and how to prepare it
   */
  public static ImageShardManifest read(String folder) {
    Path path = new Path(folder, FILE);
    try {
      FileSystem fs = FileSystems.of(path);
      if (!fs.exists(path)) {
        throw new DataUnavailableException("no " + FILE + " in " + folder + ": it is not a prepared image folder, or "
            + "its preparation did not finish. Prepare images with submit-scripts/prepare-images IMAGES " + folder);
      }
      try (InputStream in = fs.open(path)) {
        return fromJson(in, path.toString());
      }
    } catch (IOException e) {
      throw new DataUnavailableException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code folder}/manifest.json through a temporary file, so that a reader never sees half of it. */
  public void write(String folder) throws IOException {
    Path path = new Path(folder, FILE);
    FileSystem fs = FileSystems.of(path);
    Path temporary = new Path(folder, "." + FILE + ".tmp");
    try (OutputStream out = fs.create(temporary, true)) {
      out.write(toJson());
    }
    fs.delete(path, false);
    if (!fs.rename(temporary, path)) {
      throw new IOException("cannot rename " + temporary + " to " + path);
    }
  }
}
