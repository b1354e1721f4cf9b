package ai.equilibrium.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.equilibrium.sweep.ExpectedBest.Direction;
import org.junit.jupiter.api.Test;

class ExpectedBestTest {
  /** Enumerates every one of the N^k equally likely draws of k trials and averages their best score. */
  private static double bruteForce(double[] scores, int k, Direction direction) {
    int n = scores.length;
    int draws = (int) Math.pow(n, k);
    double total = 0;
    for (int code = 0; code < draws; code++) {
      double best = direction == Direction.LOWER_IS_BETTER ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
      int rest = code;
      for (int j = 0; j < k; j++) {
        double s = scores[rest % n];
        rest /= n;
        best = direction == Direction.LOWER_IS_BETTER ? Math.min(best, s) : Math.max(best, s);
      }
      total += best;
    }
    return total / draws;
  }

  @Test
  void equalsEnumerationOverEveryDrawOnAHandExampleWithTies() {
    double[] fids = {41.0, 17.5, 88.25, 17.5, 60.0};
    for (Direction d : Direction.values()) {
      for (int k = 1; k <= 6; k++) {
        assertEquals(bruteForce(fids, k, d), ExpectedBest.of(fids, k, d), 1e-12, d + " k=" + k);
      }
    }
  }

  @Test
  void oneTrialIsTheMeanAndAHugeBudgetTheBest() {
    double[] modes = {1, 3, 8, 6};
    assertEquals(4.5, ExpectedBest.of(modes, 1, Direction.HIGHER_IS_BETTER), 1e-12);
    assertEquals(8, ExpectedBest.of(modes, 400, Direction.HIGHER_IS_BETTER), 1e-9);
    assertEquals(1, ExpectedBest.of(modes, 400, Direction.LOWER_IS_BETTER), 1e-9);
    // by hand: the minimum of two draws from {1, 3, 8, 6} is 1 with probability 7/16, 3 with 5/16, 6 with 3/16,
    // 8 with 1/16
    assertEquals((7 * 1 + 5 * 3 + 3 * 6 + 1 * 8) / 16.0, ExpectedBest.of(modes, 2, Direction.LOWER_IS_BETTER), 1e-12);
  }

  @Test
  void refusesWhatItCannotAverage() {
    assertThrows(IllegalArgumentException.class, () -> ExpectedBest.of(new double[0], 1, Direction.LOWER_IS_BETTER));
    assertThrows(IllegalArgumentException.class, () -> ExpectedBest.of(new double[] {1}, 0, Direction.LOWER_IS_BETTER));
    assertThrows(IllegalArgumentException.class,
        () -> ExpectedBest.of(new double[] {1, Double.NaN}, 2, Direction.LOWER_IS_BETTER));
  }
}
