package ai.equilibrium.loss;

/**
 * The least-squares GAN loss (Mao et al. 2017, targets a = 0, b = c = 1) on the adversary's raw output:
 * the adversary minimises (D(x) - 1)^2 + D(G(z))^2, the generator (D(G(z)) - 1)^2.
 * V* = 0.5: the best constant output is 1/2, costing 1/4 on each mean.
 */
public final class LeastSquaresLoss extends PointwiseLoss {
  private static final long serialVersionUID = 1L;

  @Override
  public double idealAdversaryLoss() {
    return 0.5;
  }

  @Override
  protected double realTerm(double logit) {
    return (logit - 1) * (logit - 1);
  }

  @Override
  protected double realTermDerivative(double logit) {
    return 2 * (logit - 1);
  }

  @Override
  protected double fakeTerm(double logit) {
    return logit * logit;
  }

  @Override
  protected double fakeTermDerivative(double logit) {
    return 2 * logit;
  }

  @Override
  protected double mainTerm(double logit) {
    return (logit - 1) * (logit - 1);
  }

  @Override
  protected double mainTermDerivative(double logit) {
    return 2 * (logit - 1);
  }
}
