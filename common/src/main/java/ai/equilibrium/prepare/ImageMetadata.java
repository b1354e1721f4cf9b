package ai.equilibrium.prepare;

import ai.equilibrium.data.ImageSplit;
import ai.equilibrium.storage.FileSystems;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Per-file split and attributes: from CelebA's {@code list_eval_partition.txt} and {@code list_attr_celeba.txt}
 * when given, otherwise every image is train except a share chosen by a hash of its name, which is test.
 * Files are matched by their base name, as both lists name them.
 */
public final class ImageMetadata {
  private final Map<String, ImageSplit> splits;
  private final List<String> attributeNames;
  private final Map<String, byte[]> attributes;
  private final double heldOutFraction;

  ImageMetadata(Map<String, ImageSplit> splits, List<String> attributeNames, Map<String, byte[]> attributes,
      double heldOutFraction) {
    this.splits = splits;
    this.attributeNames = List.copyOf(attributeNames);
    this.attributes = attributes;
    this.heldOutFraction = heldOutFraction;
  }

  /** Reads the lists that are given; a list that is given but unreadable or malformed fails, naming its line. */
  public static ImageMetadata read(Optional<String> splitFile, Optional<String> attributesFile, double heldOutFraction)
      throws IOException {
    Map<String, ImageSplit> splits = new HashMap<>();
    if (splitFile.isPresent()) {
      List<String> lines = lines(splitFile.get());
      for (int i = 0; i < lines.size(); i++) {
        String[] f = lines.get(i).trim().split("\\s+");
        if (f.length == 1 && f[0].isEmpty()) {
          continue;
        }
        try {
          if (f.length != 2) {
            throw new IllegalArgumentException("expected 'NAME SPLIT'");
          }
          splits.put(f[0], ImageSplit.ofCode(Integer.parseInt(f[1])));
        } catch (IllegalArgumentException e) {
          throw new IOException(splitFile.get() + " line " + (i + 1) + ": " + e.getMessage() + ": '" + lines.get(i) + "'");
        }
      }
    }
    List<String> names = List.of();
    Map<String, byte[]> attributes = new HashMap<>();
    if (attributesFile.isPresent()) {
      List<String> lines = lines(attributesFile.get());
      if (lines.size() < 2) {
        throw new IOException(attributesFile.get() + " has no header: expected the image count, then the attribute names");
      }
      names = Arrays.asList(lines.get(1).trim().split("\\s+"));
      for (int i = 2; i < lines.size(); i++) {
        String[] f = lines.get(i).trim().split("\\s+");
        if (f.length == 1 && f[0].isEmpty()) {
          continue;
        }
        if (f.length != names.size() + 1) {
          throw new IOException(attributesFile.get() + " line " + (i + 1) + ": " + (f.length - 1) + " values for "
              + names.size() + " attributes");
        }
        byte[] values = new byte[names.size()];
        for (int k = 0; k < values.length; k++) {
          int v;
          try {
            v = Integer.parseInt(f[k + 1]);
          } catch (NumberFormatException e) {
            v = 2;
          }
          if (v != -1 && v != 1 && v != 0) {
            throw new IOException(attributesFile.get() + " line " + (i + 1) + ": attribute " + names.get(k)
                + " is '" + f[k + 1] + "', expected -1 or 1");
          }
          values[k] = (byte) v;
        }
        attributes.put(f[0], values);
      }
    }
    return new ImageMetadata(splits, names, attributes, heldOutFraction);
  }

  public List<String> attributeNames() {
    return attributeNames;
  }

  public ImageSplit split(String name) {
    ImageSplit listed = splits.get(name);
    if (listed != null) {
      return listed;
    }
    CRC32 crc = new CRC32();
    crc.update(name.getBytes(StandardCharsets.UTF_8));
    return crc.getValue() % 1_000_000 < heldOutFraction * 1_000_000 ? ImageSplit.TEST : ImageSplit.TRAIN;
  }

  /** The file's attributes, or zeros (unknown) when it is not listed. */
  public byte[] attributes(String name) {
    return attributes.getOrDefault(name, new byte[attributeNames.size()]);
  }

  private static List<String> lines(String file) throws IOException {
    Path path = new Path(file);
    FileSystem fs = FileSystems.of(path);
    try (InputStream in = fs.open(path);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader.lines().toList();
    } catch (IOException e) {
      throw new IOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}
