package ai.equilibrium.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.nightly.RegressionCheck.Night;
import ai.equilibrium.nightly.RegressionCheck.Rules;
import ai.equilibrium.nightly.RegressionCheck.Status;
import ai.equilibrium.sweep.ExpectedBest.Direction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegressionCheckTest {
  private static final Rules ONE_LOOK = new Rules(7, 0.05, 0.07, 1);

  /** Nights of three fresh seeds each (seeds 3i, 3i+1, 3i+2) scoring mean - 1, mean, mean + 1. */
  private static List<Night> nights(double... means) {
    List<Night> out = new ArrayList<>();
    for (int i = 0; i < means.length; i++) {
      out.add(night("2026-11-" + (10 + i), false, 3L * i, means[i] - 1, means[i], means[i] + 1));
    }
    return out;
  }

  private static Night night(String date, boolean regressed, long firstSeed, double... scores) {
    Map<Long, Double> bySeed = new LinkedHashMap<>();
    for (int i = 0; i < scores.length; i++) {
      bySeed.put(firstSeed + i, scores[i]);
    }
    return new Night(date, bySeed, false, regressed, "rev-" + date);
  }

  private static RegressionCheck.Verdict check(double[] tonight, List<Night> history, Direction direction,
      Rules rules, int look) {
    return RegressionCheck.check("2026-12-01", tonight, false, history, direction, rules, look, tonight.length, 42);
  }

  private static RegressionCheck.Verdict fid(double[] tonight, List<Night> history) {
    return check(tonight, history, Direction.LOWER_IS_BETTER, ONE_LOOK, 1);
  }

  @Test
  void aClearlyWorseFidBeyondTheEffectSizeIsARegressionAndASmallOrBetterOneIsNot() {
    List<Night> history = nights(50, 51, 49, 50, 50);
    RegressionCheck.Verdict worse = fid(new double[] {64, 65, 66}, history);
    assertEquals(Status.REGRESSED, worse.status(), worse.detail());
    assertEquals(0.3, worse.relativeChange(), 1e-9);
    assertEquals("2026-12-01", worse.since());
    assertEquals("2026-11-14", worse.lastGoodNight());
    assertEquals("rev-2026-11-14", worse.lastGoodRevision());
    // significant but only 4% worse: below the minimum effect
    assertEquals(Status.PASS, fid(new double[] {51.9, 52, 52.1}, history).status());
    // far better is never a regression
    assertEquals(Status.PASS, fid(new double[] {20, 21, 22}, history).status());
    // higher-is-better metrics regress downwards
    RegressionCheck.Verdict modes = check(new double[] {2, 2, 3}, nights(7, 7, 7), Direction.HIGHER_IS_BETTER,
        ONE_LOOK, 1);
    assertEquals(Status.REGRESSED, modes.status(), modes.detail());
  }

  @Test
  void aSeedRepeatedOnManyNightsCountsOnceSoTheFilingScenarioIsInconclusiveNotAPass() {
    // the history of the filing: seeds 11, 12, 13 every night scored 1, 6, 8, then SGD for Adam scored 1, 4, 4
    List<Night> fixed = new ArrayList<>();
    for (String date : new String[] {"2026-10-01", "2026-10-02", "2026-10-03"}) {
      fixed.add(new Night(date, Map.of(11L, 1.0, 12L, 6.0, 13L, 8.0), false, false, "r"));
    }
    assertEquals(3, RegressionCheck.band(fixed, 7).scores().length, "nine rows, three independent scores");
    RegressionCheck.Verdict sgd = check(new double[] {1, 4, 4}, fixed, Direction.HIGHER_IS_BETTER,
        new Rules(7, 0.05, 0.07, 2), 1);
    assertEquals(Status.INCONCLUSIVE, sgd.status(), sgd.detail());
    assertEquals(0.4, sgd.relativeChange(), 1e-12);
    assertTrue(sgd.power().underpowered(), "three seeds against three scores cannot see 7%");
  }

  @Test
  void tooShortAHistoryOnlyBuildsTheBaseline() {
    assertEquals(Status.BASELINE, fid(new double[] {90, 91, 92}, nights(50)).status());
    assertEquals(Status.BASELINE, fid(new double[] {90}, nights(50, 50)).status());
  }

  @Test
  void aPersistingRegressionIsDatedFromItsFirstNightAndKeptOutOfTheBand() {
    List<Night> history = new ArrayList<>(nights(50, 50, 50));
    history.add(night("2026-11-20", true, 100, 64, 65, 66));
    history.add(night("2026-11-21", true, 103, 64, 65, 66));
    RegressionCheck.Verdict v = fid(new double[] {64, 65, 66}, history);
    assertEquals(Status.REGRESSED, v.status(), v.detail());
    assertEquals("2026-11-20", v.since());
    assertEquals("2026-11-12", v.lastGoodNight());
  }

  @Test
  void aDivergenceWhenNoneOccurredRecentlyIsARegression() {
    RegressionCheck.Verdict v = RegressionCheck.check("2026-12-01", new double[] {50, 50}, true, nights(50, 50),
        Direction.LOWER_IS_BETTER, ONE_LOOK, 1, 2, 1);
    assertEquals(Status.REGRESSED, v.status());
    assertTrue(v.detail().contains("diverged"));
  }

  @Test
  void theVerdictReproducesFromItsRelabellingSeed() {
    List<Night> history = nights(50, 52, 48, 51);
    double[] tonight = {53, 56, 55};
    assertEquals(fid(tonight, history).pOneSided(), fid(tonight, history).pOneSided(), 0.0);
  }

  @Test
  void powerSaysWhatANightCanSeeAndHowManySeedsTheMinimumEffectNeeds() {
    // sd 10 on a mean of 100, 21 band scores, 6 seeds at 0.025: (1.960 + 0.8416) * 0.1 * sqrt(1/6 + 1/21)
    Power p = Power.of(10, 21, 100, 6, 0.025, 0.07);
    assertEquals((1.959964 + 0.841621) * 0.1 * Math.sqrt(1.0 / 6 + 1.0 / 21), p.detectableRelative(), 1e-6);
    assertTrue(p.underpowered());
    // 1/n = (0.07 / 0.28016)^2 - 1/21 = 0.014811: 68 seeds
    assertEquals(68, p.seedsNeeded());
    assertEquals(-1, Power.of(10, 3, 100, 6, 0.025, 0.07).seedsNeeded(), "three band scores can never see 7%");
  }
}
