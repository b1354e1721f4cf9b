package ai.equilibrium.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ImageShardSourceTest {
  private static final int SIZE = 4;
  private static final int DIMENSION = 3 * SIZE * SIZE;

  @TempDir
  Path dir;

  /** Image k's pixels: every pixel is k mod 256, then the position, so that rows are told apart. */
  private static byte[] pixels(int k) {
    byte[] p = new byte[DIMENSION];
    for (int i = 0; i < DIMENSION; i++) {
      p[i] = (byte) (k * 7 + i);
    }
    return p;
  }

  /**
   * Writes shards of the given sizes; image k (numbered across shards) is test when k % 5 == 0, valid when
   * k % 7 == 0, else train. Returns the image numbers of each split in order.
   */
  private List<List<Integer>> prepare(int... shardSizes) throws IOException {
    List<List<Integer>> bySplit = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<ImageShardManifest.Shard> entries = new ArrayList<>();
    int k = 0;
    for (int s = 0; s < shardSizes.length; s++) {
      List<ImageShardFile.Record> records = new ArrayList<>();
      int[] counts = new int[3];
      for (int i = 0; i < shardSizes[s]; i++, k++) {
        ImageSplit split = k % 5 == 0 ? ImageSplit.TEST : k % 7 == 0 ? ImageSplit.VALID : ImageSplit.TRAIN;
        records.add(new ImageShardFile.Record("img-" + k + ".png", split, new byte[] {1, -1}, pixels(k)));
        bySplit.get(split.ordinal()).add(k);
        counts[split.ordinal()]++;
      }
      String file = String.format("shard-%05d.bin", s);
      try (OutputStream out = Files.newOutputStream(dir.resolve(file))) {
        ImageShardFile.write(out, new ImageShardFile.Header(records.size(), 3, SIZE, SIZE, 2), records);
      }
      entries.add(new ImageShardManifest.Shard(file, records.size(), counts[0], counts[1], counts[2],
          Files.size(dir.resolve(file)), "0"));
    }
    new ImageShardManifest(ImageShardManifest.FORMAT, "generated", 3, SIZE, SIZE, "centre-square", List.of("a", "b"),
        entries, 0, 0, "now").write(dir.toString());
    return bySplit;
  }

  /** The shard's rows as the networks get them, through {@link DataShard#rows}. */
  private static float[] rowsOf(DataShard shard) {
    if (shard.size() == 0) {
      return new float[0];
    }
    int[] all = new int[shard.size()];
    Arrays.setAll(all, i -> i);
    INDArray rows = shard.rows(all, DataType.FLOAT);
    return rows.dup('c').data().asFloat();
  }

  @Test
  void partitionsAreContiguousRangesWhoseConcatenationIsTheWholeSplitForAnyCount() throws IOException {
    List<List<Integer>> bySplit = prepare(23, 5, 0, 31, 9);
    for (ImageSplit split : ImageSplit.values()) {
      ImageShardSource source = new ImageShardSource(dir.toString(), split);
      List<Integer> images = bySplit.get(split.ordinal());
      assertEquals(images.size(), source.size());
      float[] expected = new float[images.size() * DIMENSION];
      for (int i = 0; i < images.size(); i++) {
        byte[] p = pixels(images.get(i));
        for (int j = 0; j < DIMENSION; j++) {
          expected[i * DIMENSION + j] = DataShard.scaled(p[j]);
        }
      }
      for (int partitions : new int[] {1, 2, 3, 5, 7, 16}) {
        float[] joined = new float[0];
        for (int p = 0; p < partitions; p++) {
          DataShard shard = source.loadShard(p, partitions);
          long from = (long) images.size() * p / partitions;
          long to = (long) images.size() * (p + 1) / partitions;
          assertEquals(to - from, shard.size(), split + " partition " + p + " of " + partitions);
          float[] rows = rowsOf(shard);
          float[] grown = Arrays.copyOf(joined, joined.length + rows.length);
          System.arraycopy(rows, 0, grown, joined.length, rows.length);
          joined = grown;
        }
        assertTrue(Arrays.equals(expected, joined), split + " over " + partitions + " partitions");
      }
    }
  }

  @Test
  void pixelsAreScaledToMinusOneToOneAsFloatSourcesScaleThem() {
    assertEquals(-1f, DataShard.scaled((byte) 0));
    assertEquals(1f, DataShard.scaled((byte) 255));
    assertEquals(128 / 127.5f - 1f, DataShard.scaled((byte) 128));
  }

  @Test
  void aFolderWithoutManifestOrWithATruncatedShardFailsNamingIt() throws IOException {
    DataUnavailableException missing = assertThrows(DataUnavailableException.class,
        () -> new ImageShardSource(dir.toString(), ImageSplit.TRAIN));
    assertTrue(missing.getMessage().contains(dir.toString()) && missing.getMessage().contains("prepare-images"),
        missing.getMessage());

    prepare(20);
    Path shard = dir.resolve("shard-00000.bin");
    byte[] bytes = Files.readAllBytes(shard);
    Files.write(shard, Arrays.copyOf(bytes, bytes.length - 10));
    ImageShardSource source = new ImageShardSource(dir.toString(), ImageSplit.TRAIN);
    DataUnavailableException truncated = assertThrows(DataUnavailableException.class, () -> source.loadShard(0, 1));
    assertTrue(truncated.getMessage().contains("shard-00000.bin") && truncated.getMessage().contains("truncated"),
        truncated.getMessage());
  }

  @Test
  void shardRecordsRoundTrip() throws IOException {
    List<ImageShardFile.Record> records = List.of(
        new ImageShardFile.Record("a/1.jpg", ImageSplit.TRAIN, new byte[] {1, -1, 0}, pixels(1)),
        new ImageShardFile.Record("b/ü.png", ImageSplit.TEST, new byte[] {-1, -1, 1}, pixels(2)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageShardFile.write(out, new ImageShardFile.Header(2, 3, SIZE, SIZE, 3), records);
    List<ImageShardFile.Record> read = new ArrayList<>();
    ImageShardFile.read(new ByteArrayInputStream(out.toByteArray()), "memory", read::add);
    assertEquals(2, read.size());
    for (int i = 0; i < 2; i++) {
      assertEquals(records.get(i).name(), read.get(i).name());
      assertEquals(records.get(i).split(), read.get(i).split());
      assertTrue(Arrays.equals(records.get(i).attributes(), read.get(i).attributes()));
      assertTrue(Arrays.equals(records.get(i).pixels(), read.get(i).pixels()));
    }
  }
}
