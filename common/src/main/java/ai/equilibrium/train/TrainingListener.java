package ai.equilibrium.train;

import ai.equilibrium.game.Player;
import ai.equilibrium.model.ParameterSet;

/** Observes the loop on the driver: metrics, progress, samples, checkpoints. */
public interface TrainingListener {

  /** The parameters of both players as they stand; read only. */
  interface TrainingState {
    ParameterSet parameters(Player player);
  }

  /** Called after every step, after both players were updated. */
  void onStep(StepMetrics metrics, TrainingState state);

  /** Called once when the loop ends normally. */
  default void onEnd(long steps, TrainingState state) {}
}
