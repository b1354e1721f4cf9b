package ai.equilibrium.data;

/**
 * Crops an RGB image and resizes it to a square of {@code size} pixels with an antialiased triangle (bilinear)
 * filter whose support widens with the reduction factor, as PIL's {@code resize(..., BILINEAR)} does: every
 * source pixel contributes when shrinking, so a 178-pixel face shrunk to 64 does not alias the way point
 * sampling or a fixed 2x2 bilinear kernel would.
 */
public final class ImageResampler implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Which part of the image is kept before resizing. */
  public enum Crop {
    /** The centred square of side min(width, height): CelebA's 178x218 aligned faces become 178x178 rows 20-197. */
    CENTRE_SQUARE,
    /** The whole image, stretched to a square. */
    NONE
  }

  private final Crop crop;
  private final int size;

  public ImageResampler(Crop crop, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("the output size must be positive, got " + size);
    }
    this.crop = crop;
    this.size = size;
  }

  public int size() {
    return size;
  }

  /** The kept region of a width x height image: {x, y, width, height}. */
  public int[] region(int width, int height) {
    if (crop == Crop.NONE) {
      return new int[] {0, 0, width, height};
    }
    int side = Math.min(width, height);
    return new int[] {(width - side) / 2, (height - side) / 2, side, side};
  }

  /**
   * @param rgb    interleaved 8-bit samples, row-major, three per pixel (R, G, B)
   * @return the resized region as planar uint8 (all R, then all G, then all B; each row-major), the layout
   *         of an NCHW sample
   */
  public byte[] resize(byte[] rgb, int width, int height) {
    if (rgb.length != 3 * width * height) {
      throw new IllegalArgumentException(rgb.length + " samples for a " + width + "x" + height + " RGB image");
    }
    int[] r = region(width, height);
    Taps columns = taps(r[2], size);
    Taps rows = taps(r[3], size);
    byte[] out = new byte[3 * size * size];
    double[] horizontal = new double[r[3] * size];
    for (int c = 0; c < 3; c++) {
      // Horizontal pass over the kept rows, then the vertical pass; no rounding in between.
      for (int y = 0; y < r[3]; y++) {
        int rowStart = 3 * ((r[1] + y) * width + r[0]);
        for (int ox = 0; ox < size; ox++) {
          double sum = 0;
          int first = columns.first[ox];
          double[] w = columns.weights[ox];
          for (int k = 0; k < w.length; k++) {
            sum += w[k] * (rgb[rowStart + 3 * (first + k) + c] & 0xff);
          }
          horizontal[y * size + ox] = sum;
        }
      }
      for (int oy = 0; oy < size; oy++) {
        int first = rows.first[oy];
        double[] w = rows.weights[oy];
        for (int ox = 0; ox < size; ox++) {
          double sum = 0;
          for (int k = 0; k < w.length; k++) {
            sum += w[k] * horizontal[(first + k) * size + ox];
          }
          out[(c * size + oy) * size + ox] = (byte) toByte(sum);
        }
      }
    }
    return out;
  }

  /** Rounds half up and clamps to [0, 255]. */
  static int toByte(double value) {
    return (int) Math.max(0, Math.min(255, Math.floor(value + 0.5)));
  }

  /**
   * The triangle filter's weight of source pixel {@code i} (its centre at i + 0.5) for output pixel {@code o}
   * when {@code in} pixels become {@code out}, before normalization: 1 - |distance| / support, support
   * max(1, in / out).
   */
  static double weight(int i, int o, int in, int out) {
    double scale = (double) in / out;
    double support = Math.max(1, scale);
    double centre = (o + 0.5) * scale;
    return Math.max(0, 1 - Math.abs(i + 0.5 - centre) / support);
  }

  /** Normalized weights per output pixel, over the source pixels where the filter is non-zero. */
  private static Taps taps(int in, int out) {
    int[] first = new int[out];
    double[][] weights = new double[out][];
    double scale = (double) in / out;
    double support = Math.max(1, scale);
    for (int o = 0; o < out; o++) {
      double centre = (o + 0.5) * scale;
      int lo = Math.max(0, (int) Math.floor(centre - support));
      int hi = Math.min(in, (int) Math.ceil(centre + support));
      double total = 0;
      double[] w = new double[hi - lo];
      for (int i = lo; i < hi; i++) {
        w[i - lo] = weight(i, o, in, out);
        total += w[i - lo];
      }
      for (int k = 0; k < w.length; k++) {
        w[k] /= total;
      }
      first[o] = lo;
      weights[o] = w;
    }
    return new Taps(first, weights);
  }

  private record Taps(int[] first, double[][] weights) {}
}
