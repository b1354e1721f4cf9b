package ai.equilibrium.loss;

/**
 * The original minimax GAN loss (Goodfellow et al. 2014): the adversary's loss is the same cross-entropy as
 * the non-saturating loss, and the generator minimises its negation on fakes, log(1 - D(G(z))).
 * V* = ln 4.
 */
public final class MinimaxLoss extends PointwiseLoss {
  private static final long serialVersionUID = 1L;

  @Override
  public double idealAdversaryLoss() {
    return Math.log(4);
  }

  @Override
  protected double realTerm(double logit) {
    return softplus(-logit);
  }

  @Override
  protected double realTermDerivative(double logit) {
    return sigmoid(logit) - 1;
  }

  @Override
  protected double fakeTerm(double logit) {
    return softplus(logit);
  }

  @Override
  protected double fakeTermDerivative(double logit) {
    return sigmoid(logit);
  }

  @Override
  protected double mainTerm(double logit) {
    return -softplus(logit); // log(1 - sigmoid(f))
  }

  @Override
  protected double mainTermDerivative(double logit) {
    return -sigmoid(logit);
  }
}
