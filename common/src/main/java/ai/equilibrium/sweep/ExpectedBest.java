package ai.equilibrium.sweep;

import java.util.Arrays;

/**
 * The expected best score among k trials drawn at random (with replacement, each equally likely) from the N
 * trials of a random-search arm: the tuning-budget curve E[best of k] (METHODS.md section 6). It is the exact
 * expectation over all N^k draws, not the score of one random draw, so arms compare without sampling noise.
 *
 * <p>With the scores sorted ascending v(1) <= ... <= v(N), the minimum of k draws is v(i) exactly when every draw
 * is at least v(i) and not every draw is at least v(i+1): E[min] = sum_i v(i) [((N-i+1)/N)^k - ((N-i)/N)^k], and
 * E[max] = sum_i v(i) [(i/N)^k - ((i-1)/N)^k].
 */
public final class ExpectedBest {
  /** Whether a lower score (FID) or a higher score (modes covered) is better. */
  public enum Direction {
    LOWER_IS_BETTER,
    HIGHER_IS_BETTER
  }

  private ExpectedBest() {}

  /**
   * @param scores the arm's trial scores, all finite (diverged trials are counted apart, or given the arm's
   *               worst score by the caller, never silently dropped)
   * @param k      the tuning budget, at least 1
   */
  public static double of(double[] scores, int k, Direction direction) {
    if (scores.length == 0) {
      throw new IllegalArgumentException("no trials to draw from");
    }
    if (k < 1) {
      throw new IllegalArgumentException("a budget is at least one trial, got " + k);
    }
    double[] v = scores.clone();
    for (double s : v) {
      if (!Double.isFinite(s)) {
        throw new IllegalArgumentException("scores must be finite, got " + s + ": give diverged trials a score");
      }
    }
    Arrays.sort(v);
    int n = v.length;
    double expected = 0;
    for (int i = 1; i <= n; i++) {
      double weight = direction == Direction.LOWER_IS_BETTER
          ? Math.pow((double) (n - i + 1) / n, k) - Math.pow((double) (n - i) / n, k)
          : Math.pow((double) i / n, k) - Math.pow((double) (i - 1) / n, k);
      expected += v[i - 1] * weight;
    }
    return expected;
  }
}
