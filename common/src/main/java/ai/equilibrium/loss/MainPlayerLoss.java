package ai.equilibrium.loss;

import java.io.Serializable;
import java.util.Optional;

/**
 * The main player's loss as TF-GAN's {@code combine_adversarial_loss} forms it: task term + λ · adversarial
 * term. A GAN's generator has no task term and λ = 1; a domain-adaptation main player has the source
 * classification loss and DANN's λ on the negated domain loss (gradient reversal).
 */
public final class MainPlayerLoss implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TaskLoss task; // null: no task term
  private final AdversarialWeight adversarialWeight;

  private MainPlayerLoss(TaskLoss task, AdversarialWeight adversarialWeight) {
    this.task = task;
    this.adversarialWeight = adversarialWeight;
  }

  /** The adversarial term alone at weight 1: a GAN's generator. */
  public static MainPlayerLoss adversarialOnly() {
    return new MainPlayerLoss(null, new AdversarialWeight.Constant(1));
  }

  /** A task term plus the adversarial term at weight λ. */
  public static MainPlayerLoss combined(TaskLoss task, AdversarialWeight adversarialWeight) {
    return new MainPlayerLoss(java.util.Objects.requireNonNull(task), adversarialWeight);
  }

  public Optional<TaskLoss> task() {
    return Optional.ofNullable(task);
  }

  /** λ at {@code step}. */
  public double adversarialWeight(long step) {
    return adversarialWeight.at(step);
  }
}
