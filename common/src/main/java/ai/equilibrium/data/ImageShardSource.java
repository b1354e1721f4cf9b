package ai.equilibrium.data;

import ai.equilibrium.storage.FileSystems;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One split of a folder of images prepared by {@code PrepareDataJob}, read from any Hadoop path. The split's
 * images are numbered in shard order; partition p of P holds the contiguous range [p N / P, (p + 1) N / P),
 * so each executor opens only the shards its range overlaps, never the whole data set, and a partition's
 * content depends only on P. Images stay 8-bit in memory ({@link DataShard#ofPixels}).
 */
public final class ImageShardSource implements DataSource<DataShard> {
  private static final long serialVersionUID = 1L;

  private final String folder;
  private final ImageSplit split;
  private final ImageShardManifest manifest;

  /** Reads the manifest now, so that a folder that is not prepared fails on the driver, naming it. */
  public ImageShardSource(String folder, ImageSplit split) {
    this.folder = folder;
    this.split = split;
    this.manifest = ImageShardManifest.read(folder);
    if (manifest.count(split) == 0) {
      throw new DataUnavailableException(folder + " holds no " + split.key() + " images (" + manifest.count(ImageSplit.TRAIN)
          + " train, " + manifest.count(ImageSplit.VALID) + " valid, " + manifest.count(ImageSplit.TEST) + " test)");
    }
  }

  public ImageShardManifest manifest() {
    return manifest;
  }

  @Override
  public String name() {
    return "image-shards " + new Path(folder).getName() + " (" + split.key() + ")";
  }

  @Override
  public int bytesPerValue() {
    return 1;
  }

  @Override
  public long sampleCount() {
    return manifest.count(split);
  }

  /** The manifest's digest of every shard's bytes. */
  @Override
  public String contentHash() {
    return manifest.contentHash();
  }

  @Override
  public SampleShape shape() {
    return new SampleShape.Image(manifest.channels(), manifest.height(), manifest.width());
  }

  /** Images of this split. */
  public long size() {
    return manifest.count(split);
  }

  @Override
  public DataShard loadShard(int partition, int partitions) {
    return loadLabelled(partition, partitions).images();
  }

  /**
   * A partition's images with their attributes (row i's are {@code attributes[i * count, (i + 1) * count)}:
   * -1, 1, or 0 when unknown), for classifiers trained on the prepared folder.
   */
  public record LabelledImages(DataShard images, byte[] attributes, int count) {}

  /** As {@link #loadShard}, with each image's attributes. */
  public LabelledImages loadLabelled(int partition, int partitions) {
    long total = size();
    long from = total * partition / partitions;
    long to = total * (partition + 1) / partitions;
    int dimension = manifest.channels() * manifest.height() * manifest.width();
    if ((to - from) * dimension > Integer.MAX_VALUE - 8) {
      throw new DataUnavailableException("partition " + partition + " of " + partitions + " would hold " + (to - from)
          + " images of " + dimension + " bytes, more than one Java array can: raise train.partitions");
    }
    int attributeCount = manifest.attributes().size();
    Rows rows = new Rows(new byte[(int) ((to - from) * dimension)], new byte[(int) (to - from) * attributeCount],
        dimension, attributeCount);
    long first = 0; // the split's index of the current shard's first image of the split
    for (ImageShardManifest.Shard shard : manifest.shards()) {
      long count = shard.count(split);
      if (first + count > from && first < to) {
        readRange(shard, from - first, to - first, rows, (int) Math.max(0, first - from));
      }
      first += count;
    }
    return new LabelledImages(DataShard.ofPixels(dimension, rows.pixels), rows.attributes, attributeCount);
  }

  private record Rows(byte[] pixels, byte[] attributes, int dimension, int attributeCount) {}

  /** Copies the shard's images of this split with split-local index in [lo, hi) to out, from image {@code at}. */
  private void readRange(ImageShardManifest.Shard shard, long lo, long hi, Rows out, int at) {
    Path path = new Path(folder, shard.file());
    long[] index = {0};
    int[] next = {at};
    try {
      FileSystem fs = FileSystems.of(path);
      try (InputStream in = fs.open(path)) {
        ImageShardFile.Header header = ImageShardFile.read(in, path.toString(), record -> {
          if (record.split() == split) {
            if (index[0] >= lo && index[0] < hi && record.pixels().length == out.dimension
                && record.attributes().length == out.attributeCount) {
              System.arraycopy(record.pixels(), 0, out.pixels, next[0] * out.dimension, out.dimension);
              System.arraycopy(record.attributes(), 0, out.attributes, next[0] * out.attributeCount, out.attributeCount);
              next[0]++;
            }
            index[0]++;
          }
        });
        if (header.pixels() != out.dimension || header.attributes() != out.attributeCount
            || index[0] != shard.count(split)) {
          throw new IOException(path + " holds " + index[0] + " " + split.key() + " images of " + header.channels() + "x"
              + header.height() + "x" + header.width() + " with " + header.attributes() + " attributes, its manifest "
              + shard.count(split) + " of " + manifest.channels() + "x" + manifest.height() + "x" + manifest.width()
              + " with " + out.attributeCount + ": prepare the folder again");
        }
      }
    } catch (IOException e) {
      throw new DataUnavailableException("cannot read the image shard " + path + ": " + e.getMessage(), e);
    }
  }
}
