package ai.equilibrium.loss;

/**
 * The non-saturating GAN loss (Goodfellow et al. 2014): the adversary minimises the binary cross-entropy,
 * the generator minimises -log D(G(z)). V* = ln 4.
 */
public final class NonSaturatingLoss extends CrossEntropyLoss {
  private static final long serialVersionUID = 1L;

  @Override
  protected double mainTerm(double logit) {
    return softplus(-logit);
  }

  @Override
  protected double mainTermDerivative(double logit) {
    return sigmoid(logit) - 1;
  }
}
