package ai.equilibrium.nightly;

import ai.equilibrium.metrics.PermutationTest;
import ai.equilibrium.metrics.WelchTest;
import ai.equilibrium.sweep.ExpectedBest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether tonight's scores of one entry are a regression: worse than the band of the last good nights by a
 * one-sided permutation test of means ({@link PermutationTest}) and by more than a minimum relative effect (as
 * TorchBench's detectors require). The band holds independent scores only: one per seed (fresh seeds are drawn
 * each night; a seed seen on several nights, as in histories from before fresh seeds, counts once with its latest
 * score) and never the canary. A night may look more than once (its extra seeds): each look tests at alpha /
 * looks, so that the chance of any false alarm over the night's looks stays at most alpha (Bonferroni's bound,
 * which needs nothing about how the looks correlate). Worse by more than the minimum effect without significance
 * is INCONCLUSIVE, never a pass. A run that diverged tonight, when none did in the band's nights, is a regression
 * by itself.
 */
public final class RegressionCheck {
  private RegressionCheck() {}

  public enum Status { BASELINE, PASS, INCONCLUSIVE, REGRESSED }

  /**
   * One earlier night of one entry.
   *
   * @param scores its independent scores by seed (canary left out, diverged runs left out)
   */
  public record Night(String night, Map<Long, Double> scores, boolean diverged, boolean regressed,
      String codeRevision) {}

  /**
   * How nights are judged.
   *
   * @param nights            how many earlier good nights form the band
   * @param alpha             the one-sided false-alarm rate of a night, over all its looks
   * @param minRelativeEffect the smallest relative worsening of the mean that counts
   * @param looks             1, or 2 when a night may add extra seeds
   */
  public record Rules(int nights, double alpha, double minRelativeEffect, int looks) {
    public double lookAlpha() {
      return alpha / looks;
    }
  }

  /** The band tonight is judged against: independent scores of the last good nights. */
  public record Band(double[] scores, int nights, boolean anyDiverged, String lastGoodNight, String lastGoodRevision) {
    public double mean() {
      return Arrays.stream(scores).average().orElse(Double.NaN);
    }

    public double sd() {
      return scores.length < 2 ? Double.NaN : WelchTest.Summary.of(scores).sd();
    }
  }

  /**
   * @param relativeChange the change of the mean in the worse direction, relative to the band's mean (positive
   *                       is worse)
   * @param pOneSided      the permutation test's p-value of a worsening at least this large
   * @param look           which look this is (1-based) of {@code rules.looks()}
   * @param since          the first night of the run of regressed nights that ends tonight, or empty
   */
  public record Verdict(Status status, double tonightMean, double bandMean, double relativeChange, double pOneSided,
      int look, int seeds, int bandScores, Power power, String lastGoodNight, String lastGoodRevision, String since,
      String detail) {}

  /** The band of the last {@code nights} nights that were not regressions, oldest first in {@code history}. */
  public static Band band(List<Night> history, int nights) {
    // regressed nights stay out of the band, so that a regression that persists keeps being flagged
    List<Night> clean = history.stream().filter(n -> !n.regressed()).toList();
    List<Night> band = clean.subList(Math.max(0, clean.size() - nights), clean.size());
    Map<Long, Double> bySeed = new LinkedHashMap<>();
    band.forEach(n -> n.scores().forEach((seed, value) -> {
      bySeed.remove(seed);
      bySeed.put(seed, value);
    }));
    Night last = band.isEmpty() ? null : band.get(band.size() - 1);
    return new Band(bySeed.values().stream().mapToDouble(Double::doubleValue).toArray(), band.size(),
        band.stream().anyMatch(Night::diverged), last == null ? "" : last.night(), last == null ? ""
        : last.codeRevision());
  }

  /**
   * Judges tonight's scores at one look.
   *
   * @param tonight       the scores of tonight's fresh (and, from the second look, extra) seeds, diverged runs left
   *                      out
   * @param budget        the seeds the night may run in all, for the power it states
   * @param relabelSeed   the permutation test's seed, so that a verdict reproduces
   */
  public static Verdict check(String tonightNight, double[] tonight, boolean tonightDiverged, List<Night> history,
      ExpectedBest.Direction direction, Rules rules, int look, int budget, long relabelSeed) {
    Band band = band(history, rules.nights());
    double tonightMean = Arrays.stream(tonight).average().orElse(Double.NaN);
    double bandMean = band.mean();
    Power power = Power.of(band.sd(), band.scores().length, bandMean, budget, rules.lookAlpha(),
        rules.minRelativeEffect());
    if (tonightDiverged && !band.anyDiverged() && band.nights() > 0) {
      return verdict(Status.REGRESSED, tonight.length, tonightMean, band, Double.NaN, 0, look, power,
          since(tonightNight, history),
          "diverged tonight; no run diverged in the last " + band.nights() + " nights");
    }
    if (band.nights() < 2 || band.scores().length < 2 || tonight.length < 2) {
      return verdict(Status.BASELINE, tonight.length, tonightMean, band, Double.NaN, Double.NaN, look, power, "",
          "building the baseline: " + band.nights() + " earlier nights (" + band.scores().length
          + " independent scores), " + tonight.length + " scores tonight");
    }
    boolean lowerIsBetter = direction == ExpectedBest.Direction.LOWER_IS_BETTER;
    // the test asks whether tonight is worse: larger for lower-is-better metrics, smaller otherwise
    PermutationTest test = PermutationTest.greater(oriented(tonight, lowerIsBetter), oriented(band.scores(),
        lowerIsBetter), relabelSeed);
    double worsening = (lowerIsBetter ? tonightMean - bandMean : bandMean - tonightMean) / Math.abs(bandMean);
    boolean beyondEffect = worsening > rules.minRelativeEffect();
    Status status = !beyondEffect ? Status.PASS
        : test.pValue() < rules.lookAlpha() ? Status.REGRESSED : Status.INCONCLUSIVE;
    return verdict(status, tonight.length, tonightMean, band, worsening, test.pValue(), look, power,
        status == Status.REGRESSED ? since(tonightNight, history) : "",
        String.format(Locale.ROOT, "mean %.4g of %d seeds against %.4g (%d independent scores of the last %d "
            + "nights): %+.1f%% worse, one-sided p = %.3g (look %d of %d at alpha %.3g, minimum effect %.1f%%)",
            tonightMean, tonight.length, bandMean, band.scores().length, band.nights(), 100 * worsening,
            test.pValue(), look, rules.looks(), rules.lookAlpha(), 100 * rules.minRelativeEffect()));
  }

  private static Verdict verdict(Status status, int seeds, double tonightMean, Band band, double worsening, double p,
      int look, Power power, String since, String detail) {
    return new Verdict(status, tonightMean, band.mean(), worsening, p, look, seeds, band.scores().length, power,
        band.lastGoodNight(), band.lastGoodRevision(), since, detail);
  }

  private static double[] oriented(double[] scores, boolean lowerIsBetter) {
    return lowerIsBetter ? scores : Arrays.stream(scores).map(s -> -s).toArray();
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
