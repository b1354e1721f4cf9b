package ai.equilibrium.nightly;

import ai.equilibrium.metrics.NormalDistribution;

/**
 * What a night can see: the smallest worsening of an entry's mean that its test finds with 80% power, and the
 * seeds a night would need to find the suite's minimum effect. A normal approximation of the two-sample test of
 * means: detectable = (z(1 - a) + z(0.8)) * sd * sqrt(1/n + 1/m), with sd the band's spread, m its independent
 * scores, n tonight's seeds and a the level of the night's last look. It is an approximation for a few seeds of a
 * skewed or integer score; {@code RegressionCheckTest} checks it by simulation.
 *
 * @param detectableRelative the worsening, relative to the band's mean, found with 80% power with the night's
 *                           whole seed budget
 * @param seedsNeeded        the seeds a night would need to find the minimum effect with 80% power against this
 *                           band, or -1 when no number of seeds would (the band itself is too small or too spread)
 * @param underpowered       whether the minimum effect is below what the night can detect
 */
public record Power(double detectableRelative, int seedsNeeded, boolean underpowered) {
  /** The power the detectable effect is stated at. */
  public static final double POWER = 0.8;

  /** When the band has no spread or no mean, nothing can be said. */
  public static final Power UNKNOWN = new Power(Double.NaN, -1, false);

  public static Power of(double bandSd, int bandScores, double bandMean, int seeds, double lookAlpha,
      double minRelativeEffect) {
    if (!(bandSd >= 0) || bandScores < 2 || bandMean == 0 || !Double.isFinite(bandMean)) {
      return UNKNOWN;
    }
    double z = NormalDistribution.quantile(1 - lookAlpha) + NormalDistribution.quantile(POWER);
    double spread = z * bandSd / Math.abs(bandMean);
    double detectable = spread * Math.sqrt(1.0 / seeds + 1.0 / bandScores);
    int needed;
    if (spread == 0) {
      needed = 2;
    } else {
      double perSeed = Math.pow(minRelativeEffect / spread, 2) - 1.0 / bandScores;
      needed = perSeed <= 0 ? -1 : (int) Math.max(2, Math.ceil(1 / perSeed));
    }
    return new Power(detectable, needed, detectable > minRelativeEffect);
  }
}
