package ai.equilibrium.train;

import ai.equilibrium.step.Player;
import ai.equilibrium.tensor.ParameterSet;

/** Observes the loop on the driver: metrics, progress, samples, checkpoints. */
public interface TrainingListener {

  /** Both players' state as it stands; read only. */
  interface TrainingState {
    PlayerState player(Player player);

    /** A copy of everything the next step reads, for a checkpoint. */
    LoopCheckpoint checkpoint();

    /** The players as they stand, for readers that take no checkpoint (evaluations, tests). */
    static TrainingState of(java.util.function.Function<Player, PlayerState> players) {
      return new TrainingState() {
        @Override
        public PlayerState player(Player player) {
          return players.apply(player);
        }

        @Override
        public LoopCheckpoint checkpoint() {
          throw new UnsupportedOperationException("these players belong to no training loop");
        }
      };
    }

    /** The parameters the player's networks compute with. */
    default ParameterSet parameters(Player player) {
      return player(player).networkParameters();
    }
  }

  /** Called once before the first step, {@code step} steps being done already (0, or a resumed run's). */
  default void onStart(long step, TrainingState state) {}

  /** Called after every step, after both players were updated. */
  void onStep(StepMetrics metrics, TrainingState state);

  /** Called when the divergence guard has rolled training back; the state is the checkpoint's. */
  default void onRollback(RollbackEvent event, TrainingState state) {}

  /** Called once when the divergence guard stops the run, just before the loop throws {@link TrainingDiverged}. */
  default void onDivergenceStop(DivergenceStop stop, TrainingState state) {}

  /** Called once when the loop ends normally. */
  default void onEnd(long steps, TrainingState state) {}
}
