package ai.equilibrium.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhotoBackgroundsTest {

  /** A photo whose pixel (x, y) is (x mod 256, y mod 256, 77): a crop tells where it was taken. */
  private static void writeCoordinatePhoto(Path file, int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, ((x % 256) << 16) | ((y % 256) << 8) | 77);
      }
    }
    ImageIO.write(image, "png", file.toFile());
  }

  @Test
  void aPatchIsACropOfAPhotoAtThePositionItsSeedDraws(@TempDir Path dir) throws IOException {
    writeCoordinatePhoto(dir.resolve("a.png"), 200, 150);
    Files.writeString(dir.resolve("notes.txt"), "not a photo");
    PhotoBackgrounds backgrounds = new PhotoBackgrounds(dir.toUri().toString());
    float[] patch = backgrounds.patch(42, 28);
    assertEquals(3 * 28 * 28, patch.length);
    int x0 = Math.round(patch[0] * 255);
    int y0 = Math.round(patch[28 * 28] * 255);
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        assertEquals((x0 + x) / 255f, patch[y * 28 + x], 1e-7f);
        assertEquals((y0 + y) / 255f, patch[28 * 28 + y * 28 + x], 1e-7f);
        assertEquals(77 / 255f, patch[2 * 28 * 28 + y * 28 + x], 1e-7f);
      }
    }
    assertTrue(x0 + 28 <= 200 && y0 + 28 <= 150, "the crop lies inside the photo");
    assertArrayEquals(patch, new PhotoBackgrounds(dir.toUri().toString()).patch(42, 28), "same seed, same crop");
    assertNotEquals(x0 * 1000 + y0, corner(backgrounds.patch(43, 28)), "another seed, another crop");
  }

  private static int corner(float[] patch) {
    return Math.round(patch[0] * 255) * 1000 + Math.round(patch[28 * 28] * 255);
  }

  @Test
  void largePhotosAreReducedByAWholeBoxToAboutBsdsScale() {
    int w = 1300;
    int h = 700;
    byte[] rgb = new byte[3 * w * h];
    for (int i = 0; i < w * h; i++) {
      rgb[3 * i] = (byte) (i % 2 == 0 ? 10 : 13); // alternating columns (w is even): 2x2 blocks average 11.5
      rgb[3 * i + 1] = (byte) 200;
      rgb[3 * i + 2] = (byte) 255;
    }
    ImageDecoder.RgbImage reduced = PhotoBackgrounds.reduce(new ImageDecoder.RgbImage(w, h, rgb));
    assertEquals(650, reduced.width()); // 700 / 321 = 2
    assertEquals(350, reduced.height());
    assertEquals(12, reduced.rgb()[0] & 0xff, "(10 + 13 + 10 + 13 + 2) / 4, rounded half up");
    assertEquals(200, reduced.rgb()[1] & 0xff);
    assertEquals(255, reduced.rgb()[2] & 0xff);
    ImageDecoder.RgbImage small = new ImageDecoder.RgbImage(500, 400, new byte[3 * 500 * 400]);
    assertEquals(small, PhotoBackgrounds.reduce(small), "shorter side below twice 321: kept as it is");
  }

  @Test
  void aFolderWithoutPhotosOrWithABrokenOneSaysWhichSettingAndFile(@TempDir Path dir) throws IOException {
    DataUnavailableException empty = assertThrows(DataUnavailableException.class,
        () -> new PhotoBackgrounds(dir.toUri().toString()).checkAvailable());
    assertTrue(empty.getMessage().contains("data.mnistm.photos") && empty.getMessage().contains("mate-backgrounds"),
        empty.getMessage());
    DataUnavailableException missing = assertThrows(DataUnavailableException.class,
        () -> new PhotoBackgrounds(dir.resolve("nowhere").toUri().toString()).patch(1, 28));
    assertTrue(missing.getMessage().contains("nowhere"), missing.getMessage());
    Files.write(dir.resolve("broken.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2, 3});
    DataUnavailableException broken = assertThrows(DataUnavailableException.class,
        () -> new PhotoBackgrounds(dir.toUri().toString()).checkAvailable());
    assertTrue(broken.getMessage().contains("broken.jpg") && broken.getMessage().contains("data.mnistm.photos"),
        broken.getMessage());
  }

  @Test
  void theDataHashNamesThePhotos(@TempDir Path dir) throws IOException {
    writeCoordinatePhoto(dir.resolve("a.png"), 100, 100);
    String one = new PhotoBackgrounds(dir.toUri().toString()).contentHash();
    writeCoordinatePhoto(dir.resolve("b.png"), 100, 100);
    assertNotEquals(one, new PhotoBackgrounds(dir.toUri().toString()).contentHash());
    assertEquals("", new ProceduralBackgrounds().contentHash());
  }
}
