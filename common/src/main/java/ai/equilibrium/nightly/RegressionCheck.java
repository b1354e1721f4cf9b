package ai.equilibrium.nightly;

import ai.equilibrium.metrics.WelchTest;
import ai.equilibrium.sweep.ExpectedBest;
import java.util.Arrays;
import java.util.List;

/**
 * Whether tonight's scores of one configuration are a regression: worse than the last nights' beyond both a
 * statistical band (a one-sided Welch test of tonight's per-seed scores against the recent nights' per-seed
 * scores, as MLPerf's reference-convergence check does) and a minimum relative effect (as TorchBench's nightly
 * detectors do). A run that diverged tonight, when none did in the band's nights, is a regression by itself.
 */
public final class RegressionCheck {
  private RegressionCheck() {}

  public enum Status { BASELINE, PASS, REGRESSED }

  /** One earlier night of one configuration. */
  public record Night(String night, double[] scores, boolean diverged, boolean regressed) {}

  /**
   * @param relativeChange the change of the mean in the worse direction, relative to the band's mean (positive
   *                       is worse)
   * @param pOneSided      the probability of a worsening at least this large when nothing changed
   * @param since          the first night of the run of regressed nights that ends tonight, or empty
   */
  public record Verdict(Status status, double tonightMean, double bandMean, double relativeChange, double pOneSided,
      String since, String detail) {}

  /**
   * @param tonight  per-seed scores (diverged seeds left out)
   * @param history  earlier nights, oldest first; the last {@code nights} that were not regressions form the band
   */
  public static Verdict check(String tonightNight, double[] tonight, boolean tonightDiverged, List<Night> history,
      ExpectedBest.Direction direction, int nights, double alpha, double minRelativeEffect) {
    // regressed nights stay out of the band, so that a regression that persists keeps being flagged
    List<Night> clean = history.stream().filter(n -> !n.regressed()).toList();
    List<Night> band = clean.subList(Math.max(0, clean.size() - nights), clean.size());
    double tonightMean = Arrays.stream(tonight).average().orElse(Double.NaN);
    double[] reference = band.stream().flatMap(n -> Arrays.stream(n.scores()).boxed()).mapToDouble(Double::doubleValue)
        .toArray();
    double bandMean = Arrays.stream(reference).average().orElse(Double.NaN);
    if (tonightDiverged && band.stream().noneMatch(Night::diverged) && !band.isEmpty()) {
      return new Verdict(Status.REGRESSED, tonightMean, bandMean, Double.NaN, 0, since(tonightNight, history),
          "diverged tonight; no run diverged in the last " + band.size() + " nights");
    }
    if (band.size() < 2 || reference.length < 2 || tonight.length < 2) {
      return new Verdict(Status.BASELINE, tonightMean, bandMean, Double.NaN, Double.NaN, "",
          "building the baseline: " + band.size() + " earlier nights, " + tonight.length + " scores tonight");
    }
    WelchTest welch = WelchTest.of(tonight, reference);
    boolean worseSign = direction == ExpectedBest.Direction.LOWER_IS_BETTER ? welch.t() > 0 : welch.t() < 0;
    double pOneSided = worseSign ? welch.pValue() / 2 : 1 - welch.pValue() / 2;
    double worsening = (direction == ExpectedBest.Direction.LOWER_IS_BETTER ? tonightMean - bandMean
        : bandMean - tonightMean) / Math.abs(bandMean);
    boolean regressed = pOneSided < alpha && worsening > minRelativeEffect;
    return new Verdict(regressed ? Status.REGRESSED : Status.PASS, tonightMean, bandMean, worsening, pOneSided,
        regressed ? since(tonightNight, history) : "",
        String.format(java.util.Locale.ROOT, "mean %.4g against %.4g over the last %d nights: %+.1f%% worse, "
            + "one-sided p = %.3g (alpha %.3g, minimum effect %.1f%%)", tonightMean, bandMean, band.size(),
            100 * worsening, pOneSided, alpha, 100 * minRelativeEffect));
  }

  /** The first night of the unbroken run of regressed nights ending tonight. */
  private static String since(String tonight, List<Night> history) {
    String first = tonight;
    for (int i = history.size() - 1; i >= 0 && history.get(i).regressed(); i--) {
      first = history.get(i).night();
    }
    return first;
  }
}
