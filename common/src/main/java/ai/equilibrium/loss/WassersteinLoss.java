package ai.equilibrium.loss;

/**
 * The Wasserstein loss (Arjovsky et al. 2017) on the critic's raw output: the adversary minimises
 * D(G(z)) - D(x), the generator -D(G(z)). V* = 0 (any constant critic), so the gap-aware schedule's
 * default gaps 0.1 V* vanish: configurations must give schedule.x-min and schedule.x-max explicitly.
 * Needs a Lipschitz constraint on the critic (a gradient penalty or spectral normalisation) to be
 * meaningful.
 */
public final class WassersteinLoss extends PointwiseLoss {
  private static final long serialVersionUID = 1L;

  @Override
  public double idealAdversaryLoss() {
    return 0.0;
  }

  @Override
  public boolean zeroSum() {
    return true;
  }

  @Override
  protected double realTerm(double logit) {
    return -logit;
  }

  @Override
  protected double realTermDerivative(double logit) {
    return -1;
  }

  @Override
  protected double fakeTerm(double logit) {
    return logit;
  }

  @Override
  protected double fakeTermDerivative(double logit) {
    return 1;
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
