package ai.equilibrium.predict;

import ai.equilibrium.data.DataUnavailableException;
import ai.equilibrium.data.ImageShardFile;
import ai.equilibrium.data.ImageShardManifest;
import ai.equilibrium.storage.FileSystems;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * A folder of images prepared by {@code PrepareDataJob}: every image of every split, in shard order, each named
 * by the name it was prepared under. Each task reads one shard, so a shard is read once and never whole by the
 * driver.
 */
public record ImageFolderInput(String location, ImageShardManifest manifest) implements PredictionInput {
  private static final long serialVersionUID = 1L;

  /** @throws DataUnavailableException naming the folder when it has no manifest (it is not prepared) */
  static ImageFolderInput open(String folder) {
    return new ImageFolderInput(folder, ImageShardManifest.read(folder));
  }

  @Override
  public String describe() {
    return "the prepared image folder " + location + " (" + count() + " images of " + manifest.channels() + "x"
        + manifest.height() + "x" + manifest.width() + ", channels x height x width)";
  }

  @Override
  public long count() {
    return manifest.images();
  }

  @Override
  public InputItems items() {
    return new InputItems.Pixels(manifest.channels(), manifest.height(), manifest.width(), false);
  }

  /** One range per shard that holds images, whatever {@code minimum} asks: shards are prepared to a task's size. */
  @Override
  public List<Range> ranges(int minimum) {
    List<Range> ranges = new ArrayList<>();
    long first = 0;
    for (ImageShardManifest.Shard shard : manifest.shards()) {
      if (shard.images() > 0) {
        ranges.add(new Range(first, first + shard.images()));
      }
      first += shard.images();
    }
    return ranges;
  }

  @Override
  public InputChunk read(Range range) {
    int dimension = manifest.channels() * manifest.height() * manifest.width();
    String[] ids = new String[range.size()];
    byte[] pixels = new byte[Math.multiplyExact(range.size(), dimension)];
    long first = 0;
    for (ImageShardManifest.Shard shard : manifest.shards()) {
      if (first < range.to() && first + shard.images() > range.from()) {
        readShard(shard, first, range, ids, pixels, dimension);
      }
      first += shard.images();
    }
    return InputChunk.ofPixels(ids, pixels);
  }

  /** Copies the shard's images that fall in {@code range}; the shard's first image is image {@code first}. */
  private void readShard(ImageShardManifest.Shard shard, long first, Range range, String[] ids, byte[] pixels,
      int dimension) {
    Path path = new Path(location, shard.file());
    long[] index = {first};
    try (InputStream in = FileSystems.of(path).open(path)) {
      ImageShardFile.Header header = ImageShardFile.read(in, path.toString(), record -> {
        long at = index[0]++;
        if (at >= range.from() && at < range.to() && record.pixels().length == dimension) {
          int row = (int) (at - range.from());
          ids[row] = record.name();
          System.arraycopy(record.pixels(), 0, pixels, row * dimension, dimension);
        }
      });
      if (header.pixels() != dimension || header.count() != shard.images()) {
        throw new IOException(path + " holds " + header.count() + " images of " + header.channels() + "x"
            + header.height() + "x" + header.width() + ", its manifest " + shard.images() + " of "
            + manifest.channels() + "x" + manifest.height() + "x" + manifest.width() + ": prepare the folder again");
      }
    } catch (IOException e) {
      throw new DataUnavailableException("cannot read the image shard " + path + ": " + e.getMessage(), e);
    }
  }
}
