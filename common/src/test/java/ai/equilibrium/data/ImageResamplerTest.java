package ai.equilibrium.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageResamplerTest {

  /**
   * The definition, written out independently: keep rows 20-197 of a 178x218 image, then every output pixel
   * is the triangle-weighted mean of the source pixels within max(1, 178/64) of its centre, separably.
   */
  private static int[][][] reference(byte[] rgb, int width, int height, int size) {
    int side = Math.min(width, height);
    int x0 = (width - side) / 2;
    int y0 = (height - side) / 2;
    double scale = (double) side / size;
    double support = Math.max(1, scale);
    double[][] w = new double[size][side];
    for (int o = 0; o < size; o++) {
      double total = 0;
      for (int i = 0; i < side; i++) {
        w[o][i] = Math.max(0, 1 - Math.abs(i + 0.5 - (o + 0.5) * scale) / support);
        total += w[o][i];
      }
      for (int i = 0; i < side; i++) {
        w[o][i] /= total;
      }
    }
    int[][][] out = new int[3][size][size];
    for (int c = 0; c < 3; c++) {
      for (int oy = 0; oy < size; oy++) {
        for (int ox = 0; ox < size; ox++) {
          double sum = 0;
          for (int i = 0; i < side; i++) {
            if (w[oy][i] == 0) {
              continue;
            }
            double row = 0;
            for (int j = 0; j < side; j++) {
              if (w[ox][j] != 0) {
                row += w[ox][j] * (rgb[3 * ((y0 + i) * width + x0 + j) + c] & 0xff);
              }
            }
            sum += w[oy][i] * row;
          }
          out[c][oy][ox] = (int) Math.max(0, Math.min(255, Math.floor(sum + 0.5)));
        }
      }
    }
    return out;
  }

  private static byte[] randomImage(int width, int height, long seed) {
    byte[] rgb = new byte[3 * width * height];
    new Random(seed).nextBytes(rgb);
    return rgb;
  }

  @Test
  void celebaFacesAreCroppedToTheCentredSquareAndShrunkExactlyAsDefined() {
    byte[] rgb = randomImage(178, 218, 1);
    byte[] out = new ImageResampler(ImageResampler.Crop.CENTRE_SQUARE, 64).resize(rgb, 178, 218);
    int[][][] expected = reference(rgb, 178, 218, 64);
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 64; y++) {
        for (int x = 0; x < 64; x++) {
          assertEquals(expected[c][y][x], out[(c * 64 + y) * 64 + x] & 0xff, "channel " + c + " at " + y + "," + x);
        }
      }
    }
  }

  @Test
  void landscapeImagesKeepTheirCentredSquareAndLargerOutputsInterpolate() {
    ImageResampler resampler = new ImageResampler(ImageResampler.Crop.CENTRE_SQUARE, 64);
    assertArrayEquals(new int[] {0, 20, 178, 178}, resampler.region(178, 218));
    assertArrayEquals(new int[] {50, 0, 200, 200}, resampler.region(300, 200));
    byte[] small = randomImage(40, 30, 2);
    byte[] out = resampler.resize(small, 40, 30);
    int[][][] expected = reference(small, 40, 30, 64);
    assertEquals(expected[1][10][33], out[(64 + 10) * 64 + 33] & 0xff);
    assertEquals(expected[2][63][0], out[(2 * 64 + 63) * 64] & 0xff);
  }

  @Test
  void aConstantImageStaysExactlyConstant() {
    for (int v : new int[] {0, 1, 127, 254, 255}) {
      byte[] rgb = new byte[3 * 178 * 218];
      java.util.Arrays.fill(rgb, (byte) v);
      byte[] out = new ImageResampler(ImageResampler.Crop.CENTRE_SQUARE, 64).resize(rgb, 178, 218);
      for (byte b : out) {
        assertEquals(v, b & 0xff);
      }
    }
  }

  @Test
  void withoutCropTheWholeImageIsUsed() {
    // Left half black, right half white: uncropped, the middle of the output is grey; the left edge black.
    byte[] rgb = new byte[3 * 200 * 100];
    for (int y = 0; y < 100; y++) {
      for (int x = 100; x < 200; x++) {
        for (int c = 0; c < 3; c++) {
          rgb[3 * (y * 200 + x) + c] = (byte) 255;
        }
      }
    }
    byte[] out = new ImageResampler(ImageResampler.Crop.NONE, 10).resize(rgb, 200, 100);
    assertEquals(0, out[5 * 10] & 0xff);
    assertEquals(255, out[5 * 10 + 9] & 0xff);
    byte[] cropped = new ImageResampler(ImageResampler.Crop.CENTRE_SQUARE, 10).resize(rgb, 200, 100);
    assertEquals(0, cropped[5 * 10 + 2] & 0xff);
    assertEquals(255, cropped[5 * 10 + 7] & 0xff);
  }
}
