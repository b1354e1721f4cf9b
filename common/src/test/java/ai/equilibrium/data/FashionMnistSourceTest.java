package ai.equilibrium.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistSourceTest {
  private static final int PIXELS = 28 * 28;

  @TempDir
  Path dir;

  /**
   * Five 28x28 images; image i has pixel 0 = 0, pixel 1 = 255, and every other pixel = 10 i + 1, so the
   * image index can be read back from any pixel but the first two.
   */
  private Path writeFiveImages() throws IOException {
    byte[] pixels = new byte[5 * PIXELS];
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < PIXELS; j++) {
        pixels[i * PIXELS + j] = (byte) (j == 0 ? 0 : j == 1 ? 255 : 10 * i + 1);
      }
    }
    Path data = Files.createDirectories(dir.resolve("fashion"));
    Files.write(data.resolve("train-images-idx3-ubyte.gz"),
        IdxFileTest.gzip(IdxFileTest.idx(0x00000803, new int[] {5, 28, 28}, pixels)));
    return data;
  }

  /** Pixel value v in [0, 255] as the source scales it: v / 127.5 - 1. */
  private static float scaled(int v) {
    return v / 127.5f - 1f;
  }

  @Test
  void partitionsTakeEveryPthImage() throws IOException {
    FashionMnistSource source = new FashionMnistSource(writeFiveImages().toString(), FashionMnistSource.Split.TRAIN);
    assertEquals(new SampleShape.Image(1, 28, 28), source.shape());
    DataShard shard0 = source.loadShard(0, 2);
    DataShard shard1 = source.loadShard(1, 2);
    assertEquals(PIXELS, shard0.dimension());
    assertEquals(3, shard0.size());
    assertEquals(2, shard1.size());
    int[] images0 = {0, 2, 4};
    int[] images1 = {1, 3};
    for (int r = 0; r < 3; r++) {
      assertEquals(scaled(10 * images0[r] + 1), shard0.value(r, 500), 1e-6, "shard 0 row " + r);
      assertEquals(scaled(10 * images0[r] + 1), shard0.value(r, PIXELS - 1), 1e-6);
    }
    for (int r = 0; r < 2; r++) {
      assertEquals(scaled(10 * images1[r] + 1), shard1.value(r, 500), 1e-6, "shard 1 row " + r);
    }
    // one partition holds everything, in order
    DataShard all = source.loadShard(0, 1);
    assertEquals(5, all.size());
    for (int r = 0; r < 5; r++) {
      assertEquals(scaled(10 * r + 1), all.value(r, 2), 1e-6);
    }
  }

  @Test
  void pixelsAreScaledToMinusOneOne() throws IOException {
    FashionMnistSource source = new FashionMnistSource(writeFiveImages().toString(), FashionMnistSource.Split.TRAIN);
    DataShard shard = source.loadShard(1, 2);
    for (int r = 0; r < shard.size(); r++) {
      assertEquals(-1.0f, shard.value(r, 0), 0.0, "pixel 0 -> -1");
      assertEquals(1.0f, shard.value(r, 1), 0.0, "pixel 255 -> 1");
    }
    // image 1's other pixels are 11: 11 / 127.5 - 1 = -0.913725...
    assertEquals(-0.9137255, shard.value(0, 2), 1e-6);
  }

  @Test
  void missingDirectoryExplainsHowToInstall() {
    Path missing = dir.resolve("no-such-directory");
    FashionMnistSource source = new FashionMnistSource(missing.toString(), FashionMnistSource.Split.TRAIN);
    DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> source.loadShard(0, 2));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("apt-get install -y dataset-fashion-mnist"), e.getMessage());
  }

  @Test
  void brokenFileNamesThePath() throws IOException {
    Path data = Files.createDirectories(dir.resolve("broken"));
    Files.write(data.resolve("train-images-idx3-ubyte.gz"), new byte[] {0, 0, 8, 3, 0, 0});
    FashionMnistSource source = new FashionMnistSource(data.toString(), FashionMnistSource.Split.TRAIN);
    DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> source.loadShard(0, 1));
    assertTrue(e.getMessage().contains(data.toString()), e.getMessage());
  }

  @Test
  void imagesOfTheWrongSizeAreRejected() throws IOException {
    Path data = Files.createDirectories(dir.resolve("small"));
    Files.write(data.resolve("train-images-idx3-ubyte.gz"),
        IdxFileTest.gzip(IdxFileTest.idx(0x00000803, new int[] {2, 2, 2}, new byte[8])));
    FashionMnistSource source = new FashionMnistSource(data.toString(), FashionMnistSource.Split.TRAIN);
    assertThrows(DataUnavailableException.class, () -> source.loadShard(0, 1));
  }

  @Test
  void testSplitReadsT10kFile() {
    FashionMnistSource source = new FashionMnistSource("/some/dir", FashionMnistSource.Split.TEST);
    assertEquals("/some/dir/t10k-images-idx3-ubyte.gz", source.imagesPath());
    assertEquals("fashion-mnist-test", source.name());
  }
}
