package ai.equilibrium.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes a JPEG or PNG file's bytes into 8-bit RGB. Anything it cannot decode completely is rejected with a
 * reason rather than half-read: ImageIO returns a truncated JPEG as an image whose missing rows are grey,
 * reporting the truncation only as a warning, so warnings count as failures here.
 */
public final class ImageDecoder {
  /** The file name endings of the images it decodes, lower case. */
  public static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png");

  private ImageDecoder() {}

  /** Whether a file's name says it is an image this decoder reads (by extension, in any case). */
  public static boolean isImageName(String fileName) {
    String name = fileName.toLowerCase(java.util.Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  /** A decoded image: interleaved R, G, B samples, row-major. */
  public record RgbImage(int width, int height, byte[] rgb) {}

  /** Why a file is not an image this decoder accepts. */
  public static final class UnreadableImage extends Exception {
    private static final long serialVersionUID = 1L;

    public UnreadableImage(String reason) {
      super(reason);
    }
  }

  public static RgbImage decode(byte[] bytes) throws UnreadableImage {
    if (bytes.length == 0) {
      throw new UnreadableImage("empty file");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new UnreadableImage("not an image format that can be read (JPEG or PNG)");
      }
      ImageReader reader = readers.next();
      List<String> warnings = new ArrayList<>();
      try {
        reader.setInput(in, true, true);
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        BufferedImage image = reader.read(0);
        if (!warnings.isEmpty()) {
          throw new UnreadableImage("corrupt or truncated " + reader.getFormatName() + ": " + warnings.get(0));
        }
        return toRgb(image);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      // ImageIO reports broken streams with IIOException, and some with IndexOutOfBounds or similar
      throw new UnreadableImage("cannot decode: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
  }

  /**
   * Reads the raster's samples directly for 8-bit RGB and grey images (for grey, {@code getRGB} would apply
   * a gamma conversion and change the values); anything else (palettes, CMYK) through {@code getRGB}.
   */
  static RgbImage toRgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] rgb = new byte[3 * w * h];
    Raster raster = image.getRaster();
    int colourType = image.getColorModel().getColorSpace().getType();
    boolean direct = image.getColorModel() instanceof ComponentColorModel
        && raster.getSampleModel().getSampleSize(0) == 8
        && (colourType == ColorSpace.TYPE_RGB && image.getColorModel().getColorSpace().isCS_sRGB()
            || colourType == ColorSpace.TYPE_GRAY);
    if (direct) {
      int bands = raster.getNumBands();
      int colours = colourType == ColorSpace.TYPE_GRAY ? 1 : 3;
      int[] row = new int[w * bands];
      for (int y = 0; y < h; y++) {
        raster.getPixels(0, y, w, 1, row);
        for (int x = 0; x < w; x++) {
          for (int c = 0; c < 3; c++) {
            rgb[3 * (y * w + x) + c] = (byte) row[x * bands + (colours == 1 ? 0 : c)];
          }
        }
      }
    } else {
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        image.getRGB(0, y, w, 1, row, 0, w);
        for (int x = 0; x < w; x++) {
          int p = row[x];
          rgb[3 * (y * w + x)] = (byte) (p >> 16);
          rgb[3 * (y * w + x) + 1] = (byte) (p >> 8);
          rgb[3 * (y * w + x) + 2] = (byte) p;
        }
      }
    }
    return new RgbImage(w, h, rgb);
  }
}
