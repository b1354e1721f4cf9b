package ai.equilibrium.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A one-sided permutation test of two independent samples' means: how often a random relabelling of the pooled
 * values gives a difference of means (a minus b) at least as large as the observed one. Under "both samples come
 * from one distribution" every labelling is equally likely, so the test holds its level for any distribution:
 * skewed scores (FID), bounded ones and integer ones with many ties (modes covered), where Welch's t test on a
 * few seeds does not. With R random relabellings the p-value (1 + count) / (1 + R) is itself valid (never below
 * the exact one on average), and the relabellings are drawn from a given seed, so a verdict reproduces.
 *
 * @param difference the observed mean of a minus the mean of b
 * @param pValue     P(a difference at least this large | no difference), one-sided
 */
public record PermutationTest(double difference, double pValue) {
  /** Enough relabellings that the p-value's own Monte Carlo error (about 0.002 at 0.05) is small beside alpha. */
  public static final int DEFAULT_RELABELLINGS = 9_999;

  /** Tests whether a's mean exceeds b's. */
  public static PermutationTest greater(double[] a, double[] b, long seed) {
    return greater(a, b, seed, DEFAULT_RELABELLINGS);
  }

  public static PermutationTest greater(double[] a, double[] b, long seed, int relabellings) {
    if (a.length < 1 || b.length < 1) {
      throw new IllegalArgumentException("each sample needs a value, got " + a.length + " and " + b.length);
    }
    double[] pooled = new double[a.length + b.length];
    System.arraycopy(a, 0, pooled, 0, a.length);
    System.arraycopy(b, 0, pooled, a.length, b.length);
    double total = Arrays.stream(pooled).sum();
    double observed = sumOfFirst(pooled, a.length);
    double difference = meanDifference(observed, total, a.length, b.length);
    SplittableRandom random = new SplittableRandom(seed);
    double[] shuffled = pooled.clone();
    int atLeast = 0;
    // the mean difference grows with the sum of a's part, so the sums are compared; a small tolerance counts
    // relabellings that give the observed sum in another order of additions as ties
    double tolerance = 1e-9 * Arrays.stream(pooled).map(Math::abs).sum();
    for (int r = 0; r < relabellings; r++) {
      // a's part: a partial Fisher-Yates shuffle of the first a.length places
      for (int i = 0; i < a.length; i++) {
        int j = i + random.nextInt(shuffled.length - i);
        double swap = shuffled[i];
        shuffled[i] = shuffled[j];
        shuffled[j] = swap;
      }
      if (sumOfFirst(shuffled, a.length) >= observed - tolerance) {
        atLeast++;
      }
    }
    return new PermutationTest(difference, (1.0 + atLeast) / (1.0 + relabellings));
  }

  private static double sumOfFirst(double[] values, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += values[i];
    }
    return s;
  }

  private static double meanDifference(double sumA, double total, int na, int nb) {
    return sumA / na - (total - sumA) / nb;
  }
}
