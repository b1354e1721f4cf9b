package ai.equilibrium.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scores of a generated sample set against a real one under one feature extractor: FID, KID (mean and
 * standard deviation over subsets) and precision/recall. Comparable only under the same extractor id.
 */
public record ImageScores(String extractor, int realSamples, int generatedSamples, double fid, double kid,
    double kidStandardDeviation, double precision, double recall) {

  /** Scores {@code generated} against {@code real}; KID's subsets are drawn from {@code seed}. */
  public static ImageScores of(String extractor, FeatureSet real, FeatureSet generated, long seed) {
    var realRows = real.rows();
    var generatedRows = generated.rows();
    KernelInceptionDistance kid = KernelInceptionDistance.of(realRows, generatedRows, seed);
    PrecisionRecall pr = PrecisionRecall.of(realRows, generatedRows);
    return new ImageScores(extractor, real.size(), generated.size(),
        FrechetDistance.between(real.moments(), generated.moments()), kid.mean(), kid.standardDeviation(),
        pr.precision(), pr.recall());
  }

  /** The fields of an eval.jsonl row. */
  public Map<String, Object> fields() {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("extractor", extractor);
    row.put("samples", generatedSamples);
    row.put("real_samples", realSamples);
    row.put("fid", fid);
    row.put("kid", kid);
    row.put("kid_std", kidStandardDeviation);
    row.put("precision", precision);
    row.put("recall", recall);
    return row;
  }

  /** A score by eval.best-metric's name, oriented so that lower is better. */
  public double lowerIsBetter(BestMetric metric) {
    return switch (metric) {
      case FID -> fid;
      case KID -> kid;
      case PRECISION -> -precision;
      case RECALL -> -recall;
    };
  }

  /** The metric that chooses the best checkpoint. */
  public enum BestMetric { FID, KID, PRECISION, RECALL }
}
