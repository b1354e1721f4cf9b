package ai.equilibrium.report;

import ai.equilibrium.data.SampleShape;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Renders samples to a PNG: a grid of images, or a scatter plot of 2-D points over the real data. */
public final class SampleImages {
  private static final int SCATTER_SIZE = 512;
  private static final int TILE_GAP = 2;

  private SampleImages() {}

  /**
   * @param samples   [n][dimension] generated samples
   * @param reference [m][dimension] real samples drawn under points (ignored for images), may be empty
   */
  public static void writePng(SampleShape shape, float[][] samples, float[][] reference, OutputStream out) throws IOException {
    BufferedImage image = shape instanceof SampleShape.Image img ? grid(img, samples) : scatter(samples, reference);
    if (!ImageIO.write(image, "png", out)) {
      throw new IOException("no PNG writer available");
    }
  }

  static BufferedImage grid(SampleShape.Image shape, float[][] samples) {
    return grid(shape, samples, (int) Math.ceil(Math.sqrt(samples.length)));
  }

  /** A grid of images, row by row with {@code columns} to a row, each enlarged to about 56 pixels. */
  public static BufferedImage grid(SampleShape.Image shape, float[][] samples, int columns) {
    int rows = (int) Math.ceil(samples.length / (double) columns);
    int h = shape.height();
    int w = shape.width();
    int scale = scale(shape);
    BufferedImage image = new BufferedImage(columns * (w * scale + TILE_GAP) + TILE_GAP,
        rows * (h * scale + TILE_GAP) + TILE_GAP, BufferedImage.TYPE_INT_RGB);
    for (int s = 0; s < samples.length; s++) {
      Point origin = tileOrigin(shape, s % columns, s / columns);
      int x0 = origin.x;
      int y0 = origin.y;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int rgb = 0;
          for (int c = 0; c < 3; c++) {
            int channel = Math.min(c, shape.channels() - 1);
            rgb = (rgb << 8) | toByte(samples[s][(channel * h + y) * w + x]);
          }
          for (int dy = 0; dy < scale; dy++) {
            for (int dx = 0; dx < scale; dx++) {
              image.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
            }
          }
        }
      }
    }
    return image;
  }

  /** How many times a grid enlarges each image: small ones (28x28) are hard to see at their own size. */
  public static int scale(SampleShape.Image shape) {
    return Math.max(1, 56 / Math.max(shape.height(), shape.width()));
  }

  /** The top-left pixel of a grid's tile in {@code column}, {@code row}. */
  public static Point tileOrigin(SampleShape.Image shape, int column, int row) {
    int s = scale(shape);
    return new Point(TILE_GAP + column * (shape.width() * s + TILE_GAP),
        TILE_GAP + row * (shape.height() * s + TILE_GAP));
  }

  /** A pixel value of a sample in [-1, 1] as an 8-bit intensity. */
  public static int toByte(float v) {
    return Math.max(0, Math.min(255, Math.round((v + 1f) * 127.5f)));
  }

  /** One image at its own size: grey for one channel, RGB for three (CHW planes in the sample). */
  public static BufferedImage image(SampleShape.Image shape, float[] sample) {
    int h = shape.height();
    int w = shape.width();
    if (shape.channels() != 1 && shape.channels() != 3) {
      throw new IllegalArgumentException("an image file holds 1 (grey) or 3 (RGB) channels, not " + shape.channels());
    }
    BufferedImage image = new BufferedImage(w, h,
        shape.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
    WritableRaster raster = image.getRaster();
    int[] pixel = new int[shape.channels()];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < pixel.length; c++) {
          pixel[c] = toByte(sample[(c * h + y) * w + x]);
        }
        raster.setPixel(x, y, pixel);
      }
    }
    return image;
  }

  /** An image as PNG bytes, encoded in memory (no cache file) and the same bytes for the same pixels. */
  public static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(image);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  static BufferedImage scatter(float[][] samples, float[][] reference) {
    double extent = 1;
    for (float[][] set : new float[][][] {samples, reference}) {
      for (float[] p : set) {
        extent = Math.max(extent, Math.max(Math.abs(p[0]), Math.abs(p[1])));
      }
    }
    extent = Math.min(extent * 1.1, 20);
    BufferedImage image = new BufferedImage(SCATTER_SIZE, SCATTER_SIZE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, SCATTER_SIZE, SCATTER_SIZE);
    g.setColor(new Color(220, 220, 220));
    g.setStroke(new BasicStroke(1));
    g.drawLine(SCATTER_SIZE / 2, 0, SCATTER_SIZE / 2, SCATTER_SIZE);
    g.drawLine(0, SCATTER_SIZE / 2, SCATTER_SIZE, SCATTER_SIZE / 2);
    dots(g, reference, extent, new Color(40, 90, 200, 90), 5);
    dots(g, samples, extent, new Color(220, 40, 30, 140), 3);
    g.dispose();
    return image;
  }

  private static void dots(Graphics2D g, float[][] points, double extent, Color color, int size) {
    g.setColor(color);
    for (float[] p : points) {
      int x = (int) Math.round((p[0] / extent + 1) / 2 * SCATTER_SIZE);
      int y = (int) Math.round((1 - p[1] / extent) / 2 * SCATTER_SIZE);
      g.fillOval(x - size / 2, y - size / 2, size, size);
    }
  }
}
