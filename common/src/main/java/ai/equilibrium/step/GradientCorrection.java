package ai.equilibrium.step;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A driver-side correction of a player's gradient from the globally aggregated gradient terms of the same
 * backend call, such as the best-response constraint. It names the extra terms it needs; the loop requests
 * them only when the correction is configured.
 */
public interface GradientCorrection {

  /** The gradient terms, besides the player's own, that a call updating {@code player} must compute. */
  Set<GradientTerm> extraTerms(Player player);

  /** The terms a call updating {@code player} must also return for each micro-batch on its own. */
  default Set<GradientTerm> perMicroBatchTerms(Player player) {
    return Set.of();
  }

  /** Whether correcting {@code player} re-evaluates terms at displaced parameters ({@link AveragedTerms#displaced}). */
  default boolean displaces(Player player) {
    return false;
  }

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

    /**
     * Each micro-batch's term averaged over its own samples, in global micro-batch order (the same for any
     * number of partitions' executors); only for terms requested per micro-batch.
     */
    List<double[]> perMicroBatch(GradientTerm term);

    /** The optimizer parameters of {@code player} the terms were computed at; not to be modified. */
    double[] parameters(Player player);

    /**
     * The same call's {@code terms} recomputed on the same draws with {@code player}'s parameters moved by
     * {@code shift} (for finite-difference Hessian-vector products); the players themselves do not move.
     */
    AveragedTerms displaced(Player player, double[] shift, Set<GradientTerm> terms);

    /** Terms that are averaged sums only: no micro-batches, no parameters, no displacements. */
    static AveragedTerms sumsOnly(Function<GradientTerm, double[]> averaged) {
      return new AveragedTerms() {
        @Override
        public double[] averaged(GradientTerm term) {
          return averaged.apply(term);
        }

        @Override
        public List<double[]> perMicroBatch(GradientTerm term) {
          throw new UnsupportedOperationException("these terms hold sums only");
        }

        @Override
        public double[] parameters(Player player) {
          throw new UnsupportedOperationException("these terms hold sums only");
        }

        @Override
        public AveragedTerms displaced(Player player, double[] shift, Set<GradientTerm> terms) {
          throw new UnsupportedOperationException("these terms hold sums only");
        }
      };
    }
  }
}
