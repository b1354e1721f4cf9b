package ai.equilibrium.gan;

import ai.equilibrium.data.NumpyArchive;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.report.SampleImages;
import ai.equilibrium.storage.FileSystems;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Writes generated samples into a folder on any Hadoop path (file:, hdfs:, s3a:): a shard of a
 * {@link GenerationPlan} (what one task writes: its PNG files, or its .npz archive), an interpolation grid, and the
 * manifest, {@value #MANIFEST}, written last. The same plan and generator write the same bytes, so a retried task
 * rewrites its files as they were.
 *
 * <p>Images go to PNG at their own size (grey or RGB) and to .npz as {@code images}, uint8 [n, H, W, C] (what
 * clean-fid and torch-fidelity read), with {@code index}, int64 [n], each row's sample index; 2-D points go to
 * .npz as {@code samples}, float32 [n, d], with {@code index}.
 */
public final class SampleFiles {
  public static final String MANIFEST = "generation.json";
  /** What a generation writes: an earlier generation's files in the folder are deleted before a new one starts. */
  private static final Pattern WRITTEN = Pattern.compile(
      "sample-[0-9]+\\.png|samples-[0-9]+\\.npz|interpolation-[a-z]+\\.(png|npz)|" + Pattern.quote(MANIFEST));
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SampleFiles() {}

  /** What one shard wrote. */
  public record Written(int shard, int samples, int files, long bytes) implements Serializable {}

  /** Receives a batch of generated samples: sample indices first, first + 1, ... */
  @FunctionalInterface
  private interface BatchConsumer {
    void accept(long first, float[][] samples) throws IOException;
  }

  /** Writes one shard's files (see {@link GenerationPlan#files}) into {@code folder}, which exists. */
  public static Written writeShard(GanGame game, GanNetworks nets, GenerationPlan plan, int shard, String folder)
      throws IOException {
    Path dir = new Path(folder);
    FileSystem fs = fileSystem(dir);
    long first = plan.first(shard);
    int n = plan.size(shard);
    SampleShape shape = game.shape();
    if (plan.format() == SampleFormat.PNG) {
      SampleShape.Image image = (SampleShape.Image) shape;
      long[] bytes = {0};
      forEachBatch(game, nets, plan.seed(), first, n, (start, samples) -> {
        for (int i = 0; i < samples.length; i++) {
          bytes[0] += write(fs, new Path(dir, plan.pngName(start + i)),
              SampleImages.png(SampleImages.image(image, samples[i])));
        }
      });
      return new Written(shard, n, n, bytes[0]);
    }
    int d = shape.dimension();
    byte[] pixels = shape instanceof SampleShape.Image ? new byte[Math.multiplyExact(n, d)] : null;
    float[] values = pixels == null ? new float[Math.multiplyExact(n, d)] : null;
    forEachBatch(game, nets, plan.seed(), first, n, (start, samples) -> {
      for (int i = 0; i < samples.length; i++) {
        int row = (int) (start - first) + i;
        if (pixels != null) {
          System.arraycopy(nhwc((SampleShape.Image) shape, samples[i]), 0, pixels, row * d, d);
        } else {
          System.arraycopy(samples[i], 0, values, row * d, d);
        }
      }
    });
    long[] index = new long[n];
    for (int i = 0; i < n; i++) {
      index[i] = first + i;
    }
    NumpyArchive.Array data = pixels != null ? NumpyArchive.Array.uint8("images", pixels, imageShape(shape, n))
        : NumpyArchive.Array.float32("samples", values, n, d);
    long bytes = write(fs, new Path(dir, plan.shardName(shard)),
        npz(List.of(data, NumpyArchive.Array.int64("index", index, n))));
    return new Written(shard, n, 1, bytes);
  }

  /**
   * Samples first, ..., first + n - 1, computed in the batches {@link GenerationPlan#BATCH} aligned to its
   * multiples (whole batches: rows outside the range are computed and dropped), which fixes each sample's floats.
   */
  private static void forEachBatch(GanGame game, GanNetworks nets, long seed, long first, int n, BatchConsumer consumer)
      throws IOException {
    long end = first + n;
    for (long batch = first / GenerationPlan.BATCH * GenerationPlan.BATCH; batch < end; batch += GenerationPlan.BATCH) {
      long[] indices = new long[GenerationPlan.BATCH];
      for (int i = 0; i < indices.length; i++) {
        indices[i] = batch + i;
      }
      float[][] rows = game.generate(nets, indices, seed).toFloatMatrix();
      int from = (int) (Math.max(first, batch) - batch);
      int to = (int) (Math.min(end, batch + GenerationPlan.BATCH) - batch);
      consumer.accept(batch + from, Arrays.copyOfRange(rows, from, to));
    }
  }

  /**
   * Writes an interpolation into {@code folder}: a PNG grid, a row per pair and a column per step, or an .npz
   * archive with {@code images} uint8 [pairs, steps, H, W, C] (2-D points: {@code samples} float32 [pairs, steps,
   * d]), {@code t} float32 [steps] and {@code ends} int64 [pairs, 2], the sample indices at each row's ends.
   *
   * @return the file's name
   */
  public static String writeInterpolation(GanGame game, GanNetworks nets, LatentInterpolation walk, SampleFormat format,
      String folder) throws IOException {
    Path dir = new Path(folder);
    int pairs = walk.pairs();
    int steps = walk.steps();
    float[][] grid = new float[pairs * steps][];
    for (int p = 0; p < pairs; p++) { // one batch per row: a row's pixels do not depend on how many rows there are
      float[][] row = game.generateFrom(nets, walk.rowCodes(game, p)).toFloatMatrix();
      System.arraycopy(row, 0, grid, p * steps, steps);
    }
    SampleShape shape = game.shape();
    String name = walk.fileName(format);
    byte[] bytes;
    if (format == SampleFormat.PNG) {
      bytes = SampleImages.png(SampleImages.grid((SampleShape.Image) shape, grid, steps));
    } else {
      int d = shape.dimension();
      NumpyArchive.Array data;
      if (shape instanceof SampleShape.Image image) {
        byte[] pixels = new byte[grid.length * d];
        for (int i = 0; i < grid.length; i++) {
          System.arraycopy(nhwc(image, grid[i]), 0, pixels, i * d, d);
        }
        long[] dims = imageShape(shape, pairs);
        data = NumpyArchive.Array.uint8("images", pixels, dims[0], steps, dims[1], dims[2], dims[3]);
      } else {
        float[] values = new float[grid.length * d];
        for (int i = 0; i < grid.length; i++) {
          System.arraycopy(grid[i], 0, values, i * d, d);
        }
        data = NumpyArchive.Array.float32("samples", values, pairs, steps, d);
      }
      double[] t = walk.weights();
      float[] weights = new float[steps];
      for (int j = 0; j < steps; j++) {
        weights[j] = (float) t[j];
      }
      long[] ends = new long[2 * pairs];
      for (int p = 0; p < pairs; p++) {
        System.arraycopy(LatentInterpolation.ends(p), 0, ends, 2 * p, 2);
      }
      bytes = npz(List.of(data, NumpyArchive.Array.float32("t", weights, steps),
          NumpyArchive.Array.int64("ends", ends, pairs, 2)));
    }
    write(fileSystem(dir), new Path(dir, name), bytes);
    return name;
  }

  /** Deletes an earlier generation's files from {@code folder} (nothing else), so that none is left over. */
  public static void removeEarlier(String folder) throws IOException {
    Path dir = new Path(folder);
    FileSystem fs = fileSystem(dir);
    if (fs.exists(dir)) {
      fs.delete(new Path(dir, MANIFEST), false); // first: the folder no longer holds a whole generation
      for (FileStatus status : fs.listStatus(dir)) {
        if (status.isFile() && WRITTEN.matcher(status.getPath().getName()).matches()) {
          fs.delete(status.getPath(), false);
        }
      }
    }
  }

  /** Writes the manifest, last: a folder with one holds a whole generation. */
  public static void writeManifest(String folder, Map<String, Object> manifest) throws IOException {
    Path dir = new Path(folder);
    write(fileSystem(dir), new Path(dir, MANIFEST), JSON.writeValueAsBytes(manifest));
  }

  /** The shape of n images as .npz holds them: [n, H, W, C]. */
  private static long[] imageShape(SampleShape shape, int n) {
    SampleShape.Image image = (SampleShape.Image) shape;
    return new long[] {n, image.height(), image.width(), image.channels()};
  }

  /** A CHW sample in [-1, 1] as HWC bytes, with the grids' and PNGs' rounding. */
  private static byte[] nhwc(SampleShape.Image shape, float[] sample) {
    int c = shape.channels();
    int hw = shape.height() * shape.width();
    byte[] out = new byte[sample.length];
    for (int p = 0; p < hw; p++) {
      for (int k = 0; k < c; k++) {
        out[p * c + k] = (byte) SampleImages.toByte(sample[k * hw + p]);
      }
    }
    return out;
  }

  private static byte[] npz(List<NumpyArchive.Array> arrays) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    NumpyArchive.write(bytes, arrays);
    return bytes.toByteArray();
  }

  /** Writes a file whole, replacing one there; returns its size. */
  private static long write(FileSystem fs, Path file, byte[] bytes) throws IOException {
    if (fs instanceof RawLocalFileSystem local) {
      // Without Hadoop's native library its local file system sets each new file's permissions by starting a
      // chmod process, some milliseconds per file, which ten thousand PNG files feel; Java writes them directly.
      Files.write(local.pathToFile(file).toPath(), bytes);
      return bytes.length;
    }
    try (OutputStream out = fs.create(file, true)) {
      out.write(bytes);
    }
    return bytes.length;
  }

  /** The folder's file system; on the local disk without the hidden .crc file beside every file. */
  private static FileSystem fileSystem(Path dir) throws IOException {
    FileSystem fs = FileSystems.of(dir);
    return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
  }
}
