package ai.equilibrium.loss;

/**
 * The adversary's binary cross-entropy on logits, -log D(x) - log(1 - D(G(z))) with D = sigmoid(logit),
 * shared by the GAN losses that differ only in the generator's objective. V* = ln 4: a constant D = 1/2
 * costs ln 2 on the real mean and ln 2 on the fake mean.
 */
abstract class CrossEntropyLoss extends PointwiseLoss {
  private static final long serialVersionUID = 1L;

  @Override
  public final double idealAdversaryLoss() {
    return Math.log(4);
  }

  @Override
  protected final double realTerm(double logit) {
    return softplus(-logit); // -log sigmoid(r)
  }

  @Override
  protected final double realTermDerivative(double logit) {
    return sigmoid(logit) - 1;
  }

  @Override
  protected final double fakeTerm(double logit) {
    return softplus(logit); // -log(1 - sigmoid(f))
  }

  @Override
  protected final double fakeTermDerivative(double logit) {
    return sigmoid(logit);
  }
}
