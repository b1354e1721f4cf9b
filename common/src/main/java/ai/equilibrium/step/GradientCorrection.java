package ai.equilibrium.step;

import java.util.Map;
import java.util.Set;

/**
 * A driver-side correction of a player's gradient from the globally aggregated gradient terms of the same
 * backend call, such as the best-response constraint. It names the extra terms it needs; the loop requests
 * them only when the correction is configured.
 */
public interface GradientCorrection {

  /** The gradient terms, besides the player's own, that a call updating {@code player} must compute. */
  Set<GradientTerm> extraTerms(Player player);

  /**
   * Corrects the averaged own gradient of {@code player} in place.
   *
   * @param terms    the call's averaged gradient terms
   * @param gradient d(own loss)/d(parameters) of {@code player}, averaged over the global batch
   * @return this step's diagnostics for the metrics (name to value), possibly empty
   */
  Map<String, Double> correct(Player player, AveragedTerms terms, double[] gradient);

  /** The aggregated gradient terms of one backend call, averaged over the global batch. */
  interface AveragedTerms {
    /**
     * The term with respect to the optimizer's parameters of {@link GradientTerm#parameters()}; running
     * statistics (not trained) are zero.
     */
    double[] averaged(GradientTerm term);
  }
}
