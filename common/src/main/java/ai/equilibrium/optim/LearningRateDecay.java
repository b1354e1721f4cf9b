package ai.equilibrium.optim;

/** What a player's base learning rate is multiplied by at a step, before any schedule or rollback scale. */
public sealed interface LearningRateDecay {

  /** The factor at {@code step} (0-based). */
  double at(long step);

  /** The base rate at every step. */
  record None() implements LearningRateDecay {
    @Override
    public double at(long step) {
      return 1;
    }
  }

  /**
   * DANN's annealing (Ganin et al. 2016, section 5.2.2): η_p = η_0 / (1 + 10 p)^0.75 with p = step / steps the
   * fraction of training done, for both players.
   */
  record Dann(long steps) implements LearningRateDecay {
    public Dann {
      if (steps < 1) {
        throw new IllegalArgumentException("DANN's decay needs a positive step count, got " + steps);
      }
    }

    @Override
    public double at(long step) {
      return StrictMath.pow(1 + 10.0 * step / steps, -0.75);
    }
  }
}
