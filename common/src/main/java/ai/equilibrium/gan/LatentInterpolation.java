package ai.equilibrium.gan;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;

/**
 * Walks between latent codes: pair p goes in {@code steps} equal steps of t from the code of sample 2p to the code
 * of sample 2p + 1 of the same seed (the samples a generation with that seed writes), so its ends are those
 * samples. Linear walks the straight line; spherical walks the great circle between the two Gaussian codes
 * (slerp, White 2016): the codes in between keep about the norm of Gaussian codes (near the square root of the
 * latent dimension), where the straight line's middle falls short of it by about 1/sqrt(2), into a region the
 * generator rarely saw in training.
 */
public record LatentInterpolation(Curve curve, int pairs, int steps, long seed) implements Serializable {

  /** How to go from one code to the other. */
  public enum Curve {
    LINEAR, SPHERICAL;

    public static Curve parse(String name) {
      for (Curve curve : values()) {
        if (curve.configName().equals(name)) {
          return curve;
        }
      }
      throw new IllegalArgumentException("--interpolate must be linear or spherical, got '" + name + "'");
    }

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public LatentInterpolation {
    if (pairs < 1) {
      throw new IllegalArgumentException("--pairs must be at least 1, got " + pairs);
    }
    if (steps < 2) {
      throw new IllegalArgumentException("--steps must be at least 2 (the two ends), got " + steps);
    }
  }

  /** The file an interpolation writes. */
  public String fileName(SampleFormat format) {
    return "interpolation-" + curve.configName() + "." + format.configName();
  }

  /** Where each column stands between the ends: t = j / (steps - 1), 0 and 1 exactly at the ends. */
  public double[] weights() {
    double[] t = new double[steps];
    for (int j = 0; j < steps; j++) {
      t[j] = j == steps - 1 ? 1 : j / (double) (steps - 1);
    }
    return t;
  }

  /** The sample indices at the ends of pair p: 2p and 2p + 1. */
  public static long[] ends(int pair) {
    return new long[] {2L * pair, 2L * pair + 1};
  }

  /** The codes of pair p's row, row-major [steps * latentDimension]; its first and last are the ends' own codes. */
  public double[] rowCodes(GanGame game, int pair) {
    int d = game.latentDimension();
    double[] endCodes = game.latentCodes(ends(pair), seed);
    double[] a = Arrays.copyOfRange(endCodes, 0, d);
    double[] b = Arrays.copyOfRange(endCodes, d, 2 * d);
    double[] row = new double[steps * d];
    double[] t = weights();
    for (int j = 0; j < steps; j++) {
      System.arraycopy(between(a, b, t[j]), 0, row, j * d, d);
    }
    return row;
  }

  /** The code at t between a (t = 0) and b (t = 1); exactly a and b at the ends. */
  double[] between(double[] a, double[] b, double t) {
    double wa = 1 - t;
    double wb = t;
    if (curve == Curve.SPHERICAL) {
      double omega = Math.acos(Math.max(-1, Math.min(1, dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b)))));
      double sin = Math.sin(omega);
      if (sin > 1e-9) { // otherwise the codes are (anti)parallel and the great circle is not defined: a line
        wa = Math.sin((1 - t) * omega) / sin;
        wb = Math.sin(t * omega) / sin;
      }
    }
    double[] code = new double[a.length];
    for (int i = 0; i < code.length; i++) {
      code[i] = wa * a[i] + wb * b[i];
    }
    return code;
  }

  private static double dot(double[] x, double[] y) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += x[i] * y[i];
    }
    return sum;
  }
}
