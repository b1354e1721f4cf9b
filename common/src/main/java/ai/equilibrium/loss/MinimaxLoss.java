package ai.equilibrium.loss;

/**
 * The original minimax GAN loss (Goodfellow et al. 2014): the adversary minimises the binary cross-entropy,
 * the generator minimises its negation on fakes, log(1 - D(G(z))). V* = ln 4.
 */
public final class MinimaxLoss extends CrossEntropyLoss {
  private static final long serialVersionUID = 1L;

  @Override
  public boolean zeroSum() {
    return true;
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
