package ai.equilibrium.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.nightly.RegressionCheck.Night;
import ai.equilibrium.nightly.RegressionCheck.Status;
import ai.equilibrium.sweep.ExpectedBest.Direction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegressionCheckTest {
  private static List<Night> nights(double... means) {
    List<Night> out = new ArrayList<>();
    for (int i = 0; i < means.length; i++) {
      out.add(new Night("2026-11-" + (10 + i), new double[] {means[i] - 1, means[i], means[i] + 1}, false, false));
    }
    return out;
  }

  private static RegressionCheck.Verdict fid(double[] tonight, List<Night> history) {
    return RegressionCheck.check("2026-12-01", tonight, false, history, Direction.LOWER_IS_BETTER, 7, 0.05, 0.07);
  }

  @Test
  void aClearlyWorseFidBeyondTheEffectSizeIsARegressionAndASmallOrBetterOneIsNot() {
    List<Night> history = nights(50, 51, 49, 50, 50);
    RegressionCheck.Verdict worse = fid(new double[] {64, 65, 66}, history);
    assertEquals(Status.REGRESSED, worse.status(), worse.detail());
    assertEquals(0.3, worse.relativeChange(), 1e-9);
    assertEquals("2026-12-01", worse.since());
    // significant but only 4% worse: below the minimum effect
    assertEquals(Status.PASS, fid(new double[] {51.9, 52, 52.1}, history).status());
    // far better is never a regression
    assertEquals(Status.PASS, fid(new double[] {20, 21, 22}, history).status());
    // higher-is-better metrics regress downwards
    RegressionCheck.Verdict modes = RegressionCheck.check("2026-12-01", new double[] {2, 2, 3}, false,
        nights(7, 7, 7), Direction.HIGHER_IS_BETTER, 7, 0.05, 0.07);
    assertEquals(Status.REGRESSED, modes.status(), modes.detail());
  }

  @Test
  void identicalDeterministicNightsPassAndTooShortAHistoryOnlyBuildsTheBaseline() {
    List<Night> same = List.of(new Night("a", new double[] {5, 6, 7}, false, false),
        new Night("b", new double[] {5, 6, 7}, false, false));
    assertEquals(Status.PASS, fid(new double[] {5, 6, 7}, same).status());
    assertEquals(Status.BASELINE, fid(new double[] {90, 91, 92}, same.subList(0, 1)).status());
  }

  @Test
  void aPersistingRegressionIsDatedFromItsFirstNightAndKeptOutOfTheBand() {
    List<Night> history = new ArrayList<>(nights(50, 50, 50));
    history.add(new Night("2026-11-20", new double[] {64, 65, 66}, false, true));
    history.add(new Night("2026-11-21", new double[] {64, 65, 66}, false, true));
    RegressionCheck.Verdict v = fid(new double[] {64, 65, 66}, history);
    assertEquals(Status.REGRESSED, v.status(), v.detail());
    assertEquals("2026-11-20", v.since());
  }

  @Test
  void aDivergenceWhenNoneOccurredRecentlyIsARegression() {
    RegressionCheck.Verdict v = RegressionCheck.check("2026-12-01", new double[] {50, 50}, true, nights(50, 50),
        Direction.LOWER_IS_BETTER, 7, 0.05, 0.07);
    assertEquals(Status.REGRESSED, v.status());
    assertTrue(v.detail().contains("diverged"));
  }
}
