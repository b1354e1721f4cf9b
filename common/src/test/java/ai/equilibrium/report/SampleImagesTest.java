package ai.equilibrium.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.equilibrium.data.SampleShape;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Sample grids draw planar NCHW samples: RGB images in colour, one-channel images in grey. */
class SampleImagesTest {

  @Test
  void rgbSamplesKeepTheirChannels() {
    SampleShape.Image shape = new SampleShape.Image(3, 2, 2);
    float[] sample = new float[12];
    for (int i = 0; i < 4; i++) {
      sample[i] = 1f;      // red plane at full intensity
      sample[4 + i] = -1f; // no green
      sample[8 + i] = 0f;  // blue at half
    }
    BufferedImage grid = SampleImages.grid(shape, new float[][] {sample});
    int rgb = grid.getRGB(grid.getWidth() / 2, grid.getHeight() / 2) & 0xFFFFFF;
    assertEquals(255, rgb >> 16);
    assertEquals(0, (rgb >> 8) & 0xFF);
    assertEquals(127, rgb & 0xFF, 1);
  }

  @Test
  void greyscaleSamplesUseOneChannelForAllThree() {
    SampleShape.Image shape = new SampleShape.Image(1, 2, 2);
    BufferedImage grid = SampleImages.grid(shape, new float[][] {{1f, 1f, 1f, 1f}});
    assertEquals(0xFFFFFF, grid.getRGB(grid.getWidth() / 2, grid.getHeight() / 2) & 0xFFFFFF);
  }
}
