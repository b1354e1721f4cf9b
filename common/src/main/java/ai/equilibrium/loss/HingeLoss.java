package ai.equilibrium.loss;

/**
 * The hinge loss (Lim and Ye 2017; Miyato et al. 2018): the adversary minimises max(0, 1 - D(x)) +
 * max(0, 1 + D(G(z))), the generator -D(G(z)). V* = 2: any constant output in [-1, 1] costs 2 in total.
 * At the hinges the derivative taken is the one-sided one from above (0 at exactly 1 - D(x) = 0).
 */
public final class HingeLoss extends PointwiseLoss {
  private static final long serialVersionUID = 1L;

  @Override
  public double idealAdversaryLoss() {
    return 2.0;
  }

  @Override
  protected double realTerm(double logit) {
    return Math.max(0, 1 - logit);
  }

  @Override
  protected double realTermDerivative(double logit) {
    return logit < 1 ? -1 : 0;
  }

  @Override
  protected double fakeTerm(double logit) {
    return Math.max(0, 1 + logit);
  }

  @Override
  protected double fakeTermDerivative(double logit) {
    return logit > -1 ? 1 : 0;
  }

  @Override
  protected double mainTerm(double logit) {
    return -logit;
  }

  @Override
  protected double mainTermDerivative(double logit) {
    return -1;
  }
}
