package ai.equilibrium.loss;

/**
 * How the domain classifier's binary cross-entropy (source labelled 1, target 0) reduces a batch of n source
 * and n target samples, and so its V*, the loss of a classifier that cannot tell the domains apart
 * (D = 1/2 everywhere). Libraries differ: fungtion/DANN and ADAPT add the two domain means (ln 4), thuml's
 * Transfer-Learning-Library averages over the concatenated batch (ln 2). The gap-aware schedule must compare
 * the loss with the V* of its own reduction.
 */
public enum DomainLossReduction {
  /** mean over source + mean over target; V* = ln 4. */
  SUM_OF_MEANS(1.0),
  /** mean over the 2n concatenated samples; V* = ln 2. */
  MEAN(0.5);

  private final double factor;

  DomainLossReduction(double factor) {
    this.factor = factor;
  }

  /** What the sum of the two domain means is multiplied by. */
  public double factor() {
    return factor;
  }

  /** V* under this reduction. */
  public double idealLoss() {
    return factor * Math.log(4);
  }
}
