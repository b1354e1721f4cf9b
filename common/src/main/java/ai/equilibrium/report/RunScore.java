package ai.equilibrium.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The score a run is judged by, from its eval.jsonl: the metric, its best value over the evaluations and its
 * value at the last one.
 *
 * @param lowerIsBetter as the sweep and suite files say it with {@code direction}: FID lower, modes covered higher
 * @param best          the best finite value, NaN when there was none
 * @param bestStep      the step of the best value, -1 when there was none
 * @param last          the value at the last evaluated step (NaN when it was not finite)
 */
public record RunScore(String metric, boolean lowerIsBetter, double best, long bestStep, double last,
    long lastStep) {

  /** Metrics a run can be judged by, in the order a run's own is picked, and whether lower is better. */
  private static final Map<String, Boolean> LOWER_IS_BETTER = new LinkedHashMap<>();

  static {
    LOWER_IS_BETTER.put("fid", true);
    LOWER_IS_BETTER.put("kid", true);
    LOWER_IS_BETTER.put("modes_covered", false);
    LOWER_IS_BETTER.put("target_accuracy", false);
    LOWER_IS_BETTER.put("accuracy", false);
    LOWER_IS_BETTER.put("distance_to_equilibrium", true);
    LOWER_IS_BETTER.put("precision", false);
    LOWER_IS_BETTER.put("recall", false);
  }

  /**
   * The score of evaluations in step order (the latest row of each step), by {@code preferred} (the run's
   * eval.best-metric) when the rows have it, else by the first metric of {@link #LOWER_IS_BETTER} they have;
   * empty when they have none.
   */
  static Optional<RunScore> of(List<JsonNode> evaluations, Optional<String> preferred) {
    Optional<String> metric = preferred.filter(m -> LOWER_IS_BETTER.containsKey(m) && has(evaluations, m))
        .or(() -> LOWER_IS_BETTER.keySet().stream().filter(m -> has(evaluations, m)).findFirst());
    return metric.map(m -> score(evaluations, m, LOWER_IS_BETTER.get(m)));
  }

  private static boolean has(List<JsonNode> rows, String field) {
    return rows.stream().anyMatch(r -> r.has(field));
  }

  private static RunScore score(List<JsonNode> rows, String metric, boolean lowerIsBetter) {
    double best = Double.NaN;
    long bestStep = -1;
    double last = Double.NaN;
    long lastStep = -1;
    for (JsonNode row : rows) {
      if (!row.has(metric)) {
        continue;
      }
      // a non-finite value is written as null or as a quoted "NaN"
      double v = row.get(metric).isNumber() ? row.get(metric).asDouble() : Double.NaN;
      last = v;
      lastStep = row.path("step").asLong();
      if (Double.isFinite(v) && (Double.isNaN(best) || (lowerIsBetter ? v < best : v > best))) {
        best = v;
        bestStep = lastStep;
      }
    }
    return new RunScore(metric, lowerIsBetter, best, bestStep, last, lastStep);
  }
}
