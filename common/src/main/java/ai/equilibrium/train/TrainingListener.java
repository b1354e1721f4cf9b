package ai.equilibrium.train;

import ai.equilibrium.step.Player;
import ai.equilibrium.tensor.ParameterSet;

/** Observes the loop on the driver: metrics, progress, samples, checkpoints. */
public interface TrainingListener {

  /** Both players' state as it stands; read only. */
  interface TrainingState {
    PlayerState player(Player player);

    /** The parameters the player's networks compute with. */
    default ParameterSet parameters(Player player) {
      return player(player).networkParameters();
    }
  }

  /** Called after every step, after both players were updated. */
  void onStep(StepMetrics metrics, TrainingState state);

  /**
   * Whether a listener that works every {@code every} steps (0: only at the end, in {@link #onEnd}) is due
   * after this step; the last step is left to {@link #onEnd}.
   */
  static boolean due(StepMetrics m, int every) {
    return every > 0 && m.step() % every == 0 && m.step() != m.totalSteps();
  }

  /** Called once when the loop ends normally. */
  default void onEnd(long steps, TrainingState state) {}
}
