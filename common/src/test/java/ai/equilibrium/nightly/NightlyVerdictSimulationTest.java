package ai.equilibrium.nightly;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.nightly.RegressionCheck.Night;
import ai.equilibrium.nightly.RegressionCheck.Rules;
import ai.equilibrium.nightly.RegressionCheck.Status;
import ai.equilibrium.sweep.ExpectedBest.Direction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The night's whole procedure (a look at 3 fresh seeds, and when it is inconclusive a second look at 6) on
 * simulated nights drawn from known distributions: a normal score, a skewed one (log-normal, as FID is) and a
 * bounded integer one with many ties (binomial on 8 modes, as modes covered is). Quiet nights alarm at most at
 * alpha; a worsening twice the stated detectable effect is found on at least 90% of nights. (The stated effect
 * is a normal approximation: for the skewed score, whose spread grows with a worsening, it is found on fewer
 * nights than the 80% it states; README, Nightly suites.)
 */
class NightlyVerdictSimulationTest {
  private static final int NIGHTS = 2_000;
  private static final int BAND_NIGHTS = 7;
  private static final int SEEDS = 3;
  private static final int EXTRA = 3;
  private static final double ALPHA = 0.05;

  /** A score distribution, and the same distribution worse by a relative amount of its mean. */
  private interface Score {
    double draw(SplittableRandom r, double worse);
  }

  private static final Score NORMAL = (r, worse) -> 50 * (1 + worse) + 5 * gaussian(r);
  private static final Score LOG_NORMAL = (r, worse) -> 50 * (1 + worse) * Math.exp(0.5 * gaussian(r) - 0.125);
  /** Modes covered of 8 (higher is better), each mode found with probability 0.6, less when worse. */
  private static final Score MODES = (r, worse) -> {
    int found = 0;
    for (int m = 0; m < 8; m++) {
      found += r.nextDouble() < 0.6 * (1 - worse) ? 1 : 0;
    }
    return found;
  };

  private static double gaussian(SplittableRandom r) {
    // Box-Muller, so that the draws depend on the seed alone
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  @Test
  void quietNightsAlarmAtMostAtAlphaForEveryDistribution() {
    for (Object[] c : new Object[][] {{"normal", NORMAL, Direction.LOWER_IS_BETTER},
        {"log-normal", LOG_NORMAL, Direction.LOWER_IS_BETTER}, {"modes of 8", MODES, Direction.HIGHER_IS_BETTER}}) {
      // no minimum effect: every significant worsening alarms, the worst case for false alarms
      double rate = alarmRate((Score) c[1], (Direction) c[2], 0, 0, 11);
      double bound = ALPHA + 2.33 * Math.sqrt(ALPHA * (1 - ALPHA) / NIGHTS);
      System.out.printf("quiet nights, %s: %.4f of %d nights alarmed (alpha %.2f)%n", c[0], rate, NIGHTS, ALPHA);
      assertTrue(rate <= bound, c[0] + ": " + rate + " of quiet nights alarmed, above " + bound);
    }
  }

  @Test
  void aWorseningTwiceTheDetectableEffectIsFoundOnNineNightsInTen() {
    for (Object[] c : new Object[][] {{"normal", NORMAL, Direction.LOWER_IS_BETTER, 50.0, 5.0},
        {"log-normal", LOG_NORMAL, Direction.LOWER_IS_BETTER, 50.0, 50 * Math.sqrt(Math.exp(0.25) - 1)},
        {"modes of 8", MODES, Direction.HIGHER_IS_BETTER, 4.8, Math.sqrt(8 * 0.6 * 0.4)}}) {
      double detectable = Power.of((double) c[4], BAND_NIGHTS * SEEDS, (double) c[3], SEEDS + EXTRA, ALPHA / 2, 0.07)
          .detectableRelative();
      double atOnce = alarmRate((Score) c[1], (Direction) c[2], detectable, 0.07, 12);
      double atTwice = alarmRate((Score) c[1], (Direction) c[2], 2 * detectable, 0.07, 13);
      System.out.printf("worse by the detectable %.1f%%, %s: found on %.3f of nights; by twice that: %.3f%n",
          100 * detectable, c[0], atOnce, atTwice);
      assertTrue(atTwice >= 0.9, c[0] + ": a worsening of " + 2 * detectable + " found on " + atTwice);
      assertTrue(atOnce >= 0.5, c[0] + ": the stated detectable effect found on only " + atOnce);
    }
  }

  /** The fraction of simulated nights, tonight worse by {@code worse}, that the two looks call a regression. */
  private static double alarmRate(Score score, Direction direction, double worse, double minEffect, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Rules rules = new Rules(BAND_NIGHTS, ALPHA, minEffect, 2);
    int alarms = 0;
    for (int n = 0; n < NIGHTS; n++) {
      List<Night> band = new ArrayList<>();
      long s = 0;
      for (int b = 0; b < BAND_NIGHTS; b++) {
        Map<Long, Double> scores = new LinkedHashMap<>();
        for (int k = 0; k < SEEDS; k++) {
          scores.put(s++, score.draw(random, 0));
        }
        band.add(new Night("n" + b, scores, false, false, "r"));
      }
      double[] tonight = new double[SEEDS + EXTRA];
      for (int k = 0; k < tonight.length; k++) {
        tonight[k] = score.draw(random, worse);
      }
      Status first = RegressionCheck.check("t", Arrays.copyOf(tonight, SEEDS), false, band, direction, rules, 1,
          tonight.length, random.nextLong()).status();
      Status last = first != Status.INCONCLUSIVE ? first : RegressionCheck.check("t", tonight, false, band, direction,
          rules, 2, tonight.length, random.nextLong()).status();
      alarms += last == Status.REGRESSED ? 1 : 0;
    }
    return alarms / (double) NIGHTS;
  }

}
