package ai.equilibrium.optim;

/**
 * A player's optimizer as configured ({@code optimizer.main}, {@code optimizer.adversary}): a type that
 * {@link Optimizers} knows, the base learning rate, its decay, and the hyperparameters of every type, each type
 * reading the ones it needs.
 *
 * @param type      the optimizer's registered name
 * @param scope     norms per layer or over the player (nsgd, grafted)
 * @param magnitude grafted: the type whose step length is used
 * @param direction grafted: the type whose step direction is used
 * @param decay     the base rate's decay over the run
 */
public record OptimizerSettings(String type, double lr, double beta1, double beta2, double epsilon, NormScope scope,
    String magnitude, String direction, Decay decay) {

  /** How the base rate decays over a run. */
  public enum Decay { NONE, DANN }

  /** The decay over a run of {@code steps} steps. */
  public LearningRateDecay decay(long steps) {
    return switch (decay) {
      case NONE -> new LearningRateDecay.None();
      case DANN -> new LearningRateDecay.Dann(steps);
    };
  }
}
