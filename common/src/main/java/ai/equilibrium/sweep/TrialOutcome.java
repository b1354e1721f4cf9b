package ai.equilibrium.sweep;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one trial of a sweep came to: one row of the results table.
 *
 * @param configHash  the first 12 hex digits of the SHA-256 of the trial's resolved experiment (its name and
 *                    output directory left out), so that equal configurations are recognizable across sweeps
 * @param finalScore  the metric at the run's last evaluation; NaN when the run diverged before one
 * @param bestScore   the best metric over its evaluations; NaN when it had none
 * @param diverged    the run stopped on a non-finite loss (after its guard's rollbacks) or its metric was never
 *                    finite: recorded, never dropped
 * @param reason      why it diverged, or empty
 * @param codeRevision the git revision the trial's code was built from ("-dirty" when the tree had changes)
 * @param dataHash    the content hash of the trial's training data
 * @param scoresAtSteps the metric at the evaluations of the sweep's report steps that the run reached
 */
public record TrialOutcome(String trial, String arm, int index, long seed, String configHash,
    Map<String, String> sampled, double finalScore, double bestScore, boolean diverged, String reason,
    double wallSeconds, String codeRevision, String dataHash, Map<Long, Double> scoresAtSteps) implements Serializable {
  private static final long serialVersionUID = 1L;

  public TrialOutcome {
    sampled = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sampled));
    // outcomes saved before the provenance was recorded have none
    codeRevision = codeRevision == null ? "unknown" : codeRevision;
    dataHash = dataHash == null ? "unknown" : dataHash;
    // outcomes saved before report steps existed have none
    scoresAtSteps = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(scoresAtSteps == null ? Map.of()
        : scoresAtSteps));
  }
}
