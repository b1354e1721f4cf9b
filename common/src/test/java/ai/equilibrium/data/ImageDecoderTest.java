package ai.equilibrium.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

  static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, format, out)) {
      throw new IOException("no writer for " + format);
    }
    return out.toByteArray();
  }

  static BufferedImage randomRgb(int w, int h, long seed) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(seed);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return image;
  }

  @Test
  void pngPixelsComeBackExactlyInRgbOrder() throws Exception {
    BufferedImage image = randomRgb(7, 5, 3);
    ImageDecoder.RgbImage decoded = ImageDecoder.decode(encode(image, "png"));
    assertEquals(7, decoded.width());
    assertEquals(5, decoded.height());
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 7; x++) {
        int p = image.getRGB(x, y);
        int at = 3 * (y * 7 + x);
        assertArrayEquals(new int[] {(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff},
            new int[] {decoded.rgb()[at] & 0xff, decoded.rgb()[at + 1] & 0xff, decoded.rgb()[at + 2] & 0xff});
      }
    }
  }

  @Test
  void greyImagesKeepTheirValuesInAllThreeChannels() throws Exception {
    BufferedImage grey = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
    byte[] values = {0, 17, 50, (byte) 128, (byte) 200, (byte) 255, 3, 9, 27, 81, (byte) 243, 1};
    grey.getRaster().setDataElements(0, 0, 4, 3, values);
    ImageDecoder.RgbImage decoded = ImageDecoder.decode(encode(grey, "png"));
    for (int i = 0; i < values.length; i++) {
      for (int c = 0; c < 3; c++) {
        assertEquals(values[i] & 0xff, decoded.rgb()[3 * i + c] & 0xff);
      }
    }
  }

  @Test
  void jpegsDecodeAndBrokenFilesAreRejectedWithAReason() throws Exception {
    byte[] jpeg = encode(randomRgb(178, 218, 4), "jpg");
    assertEquals(178, ImageDecoder.decode(jpeg).width());

    var truncated = assertThrows(ImageDecoder.UnreadableImage.class,
        () -> ImageDecoder.decode(Arrays.copyOf(jpeg, jpeg.length / 2)));
    assertTrue(truncated.getMessage().contains("truncated") || truncated.getMessage().contains("decode"),
        truncated.getMessage());
    var text = assertThrows(ImageDecoder.UnreadableImage.class,
        () -> ImageDecoder.decode("not an image, only text\n".getBytes(StandardCharsets.UTF_8)));
    assertTrue(text.getMessage().contains("not an image"), text.getMessage());
    var empty = assertThrows(ImageDecoder.UnreadableImage.class, () -> ImageDecoder.decode(new byte[0]));
    assertEquals("empty file", empty.getMessage());
  }
}
