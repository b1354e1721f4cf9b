package ai.equilibrium.loss;

/**
 * The non-saturating GAN loss (Goodfellow et al. 2014): the adversary minimises the binary cross-entropy
 * -log D(x) - log(1 - D(G(z))) with D = sigmoid(logit); the generator minimises -log D(G(z)).
 * V* = ln 4: a constant D = 1/2 costs ln 2 on the real mean and ln 2 on the fake mean.
 */
public final class NonSaturatingLoss extends PointwiseLoss {
  private static final long serialVersionUID = 1L;

  @Override
  public double idealAdversaryLoss() {
    return Math.log(4);
  }

  @Override
  protected double realTerm(double logit) {
    return softplus(-logit); // -log sigmoid(r)
  }

  @Override
  protected double realTermDerivative(double logit) {
    return sigmoid(logit) - 1;
  }

  @Override
  protected double fakeTerm(double logit) {
    return softplus(logit); // -log(1 - sigmoid(f))
  }

  @Override
  protected double fakeTermDerivative(double logit) {
    return sigmoid(logit);
  }

  @Override
  protected double mainTerm(double logit) {
    return softplus(-logit);
  }

  @Override
  protected double mainTermDerivative(double logit) {
    return sigmoid(logit) - 1;
  }
}
