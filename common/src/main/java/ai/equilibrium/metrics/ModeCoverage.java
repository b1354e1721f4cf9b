package ai.equilibrium.metrics;

/**
 * Mode coverage on a Gaussian mixture, the protocol of the unrolled-GAN and VEEGAN papers: a sample is of
 * high quality when it lies within {@code k} standard deviations of its nearest mode's centre; a mode is
 * covered when at least one high-quality sample is nearest to it.
 *
 * @param modesCovered        modes with at least one high-quality sample
 * @param modes               modes in the mixture
 * @param highQualityFraction high-quality samples over all samples
 */
public record ModeCoverage(int modesCovered, int modes, double highQualityFraction) {

  /** The usual threshold: three standard deviations. */
  public static final double STANDARD_DEVIATIONS = 3.0;

  /**
   * @param samples [n][d] generated points
   * @param centres [k][d] the mixture's mode centres
   * @param std     each mode's standard deviation
   */
  public static ModeCoverage of(float[][] samples, double[][] centres, double std) {
    if (samples.length == 0) {
      throw new IllegalArgumentException("mode coverage needs at least one sample");
    }
    double threshold = STANDARD_DEVIATIONS * std;
    boolean[] covered = new boolean[centres.length];
    int highQuality = 0;
    for (float[] p : samples) {
      int nearest = -1;
      double best = Double.POSITIVE_INFINITY;
      for (int k = 0; k < centres.length; k++) {
        double d = 0;
        for (int j = 0; j < p.length; j++) {
          double diff = p[j] - centres[k][j];
          d += diff * diff;
        }
        if (d < best) {
          best = d;
          nearest = k;
        }
      }
      if (Math.sqrt(best) <= threshold) {
        highQuality++;
        covered[nearest] = true;
      }
    }
    int modesCovered = 0;
    for (boolean c : covered) {
      modesCovered += c ? 1 : 0;
    }
    return new ModeCoverage(modesCovered, centres.length, highQuality / (double) samples.length);
  }
}
