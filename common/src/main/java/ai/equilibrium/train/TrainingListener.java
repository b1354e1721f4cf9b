package ai.equilibrium.train;

import ai.equilibrium.game.Player;
import ai.equilibrium.model.ParameterSet;

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

  /** Called once when the loop ends normally. */
  default void onEnd(long steps, TrainingState state) {}
}
