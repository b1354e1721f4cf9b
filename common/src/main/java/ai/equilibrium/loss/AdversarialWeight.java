package ai.equilibrium.loss;

import java.io.Serializable;

/**
 * λ, the weight of the adversarial term in the main player's loss at a training step. DANN's gradient
 * reversal layer is this weight on the negated domain loss.
 */
public sealed interface AdversarialWeight extends Serializable {

  /** λ at {@code step} (0-based). */
  double at(long step);

  /** The same λ at every step (1 for a GAN's generator). */
  record Constant(double value) implements AdversarialWeight {
    public Constant {
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("an adversarial weight must be a non-negative number, got " + value);
      }
    }

    @Override
    public double at(long step) {
      return value;
    }
  }

  /**
   * DANN's schedule (Ganin et al. 2016, section 5.2.2): λ_p = 2 / (1 + exp(-γ p)) - 1 with p = step / steps the
   * fraction of training done, rising from 0 to almost 1 so the early, noisy domain signal does not swamp the
   * label classifier.
   */
  record DannSchedule(long steps, double gamma) implements AdversarialWeight {
    public DannSchedule {
      if (steps < 1 || !(gamma > 0)) {
        throw new IllegalArgumentException("DANN's schedule needs positive steps and gamma, got " + steps + ", " + gamma);
      }
    }

    @Override
    public double at(long step) {
      double p = (double) step / steps;
      return 2 / (1 + Math.exp(-gamma * p)) - 1;
    }
  }
}
