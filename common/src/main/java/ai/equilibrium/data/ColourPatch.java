package ai.equilibrium.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A procedural colour texture standing in for the photo crops (BSDS500) behind the digits of MNIST-M: per
 * channel a random base level in [0.1, 0.9] plus a few plane waves of random frequency, orientation and phase,
 * clipped to [0, 1]. Channels get independent waves, so patches are coloured and textured rather than grey.
 * Computed with StrictMath, so a patch is the same on every JVM (driver and executors agree).
 */
final class ColourPatch {
  static final int CHANNELS = 3;
  private static final int WAVES = 3;
  /** Wave frequencies, in cycles across the patch: from a gentle gradient to stripes a few pixels wide. */
  private static final double MIN_CYCLES = 0.5;
  private static final double MAX_CYCLES = 5;
  private static final double MAX_AMPLITUDE = 0.3;

  private ColourPatch() {}

  /** A patch of the given size, channel-major ([channel][y][x]), values in [0, 1]. */
  static float[] draw(long seed, int height, int width) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] patch = new double[CHANNELS * height * width];
    double[] sinX = new double[width];
    double[] cosX = new double[width];
    double[] sinY = new double[height];
    double[] cosY = new double[height];
    for (int c = 0; c < CHANNELS; c++) {
      int offset = c * height * width;
      Arrays.fill(patch, offset, offset + height * width, 0.1 + 0.8 * random.nextDouble());
      for (int w = 0; w < WAVES; w++) {
        double cycles = MIN_CYCLES + (MAX_CYCLES - MIN_CYCLES) * random.nextDouble();
        double orientation = Math.PI * random.nextDouble();
        double phase = 2 * Math.PI * random.nextDouble();
        double amplitude = MAX_AMPLITUDE * random.nextDouble();
        double kx = 2 * Math.PI * cycles * StrictMath.cos(orientation) / width;
        double ky = 2 * Math.PI * cycles * StrictMath.sin(orientation) / height;
        // sin(kx x + ky y + phase) = sin(kx x) cos(ky y + phase) + cos(kx x) sin(ky y + phase): 2(h + w) calls
        for (int x = 0; x < width; x++) {
          sinX[x] = StrictMath.sin(kx * x);
          cosX[x] = StrictMath.cos(kx * x);
        }
        for (int y = 0; y < height; y++) {
          sinY[y] = StrictMath.sin(ky * y + phase);
          cosY[y] = StrictMath.cos(ky * y + phase);
        }
        for (int y = 0; y < height; y++) {
          for (int x = 0; x < width; x++) {
            patch[offset + y * width + x] += amplitude * (sinX[x] * cosY[y] + cosX[x] * sinY[y]);
          }
        }
      }
    }
    float[] out = new float[patch.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) Math.min(1, Math.max(0, patch[i]));
    }
    return out;
  }
}
