package ai.equilibrium.backend;

import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.step.Player;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.step.StepRequest;
import ai.equilibrium.tensor.ParameterSet;
import java.io.Serializable;
import java.util.Map;

/**
 * Runs shard computations over the training data's partitions (in this JVM, or across Spark executors) with
 * given parameters, re-sending a player's parameters only when its version changed. Computing a step's
 * gradients is one such computation.
 *
 * @param <G> the game
 * @param <N> the game's networks
 * @param <S> the game's data shard
 */
public interface ShardExecutor<G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable>
    extends GradientBackend {

  /**
   * @param parameters the players whose parameters the computation needs (driver-side, not modified)
   * @return every partition's result, merged
   */
  <R extends Serializable> R run(ShardComputation<G, N, S, R> computation, Map<Player, ParameterSet> parameters);

  @Override
  default ShardResult compute(StepRequest request, Map<Player, ParameterSet> parameters) {
    return run(new GradientComputation<>(request), parameters);
  }

  /** A step's requested gradients: the game's shard results, summed. */
  record GradientComputation<G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable>(
      StepRequest request) implements ShardComputation<G, N, S, ShardResult> {
    @Override
    public ShardResult compute(G game, N networks, S shard, int partition) {
      return game.computeShard(networks, shard, partition, request);
    }

    @Override
    public ShardResult merge(ShardResult a, ShardResult b) {
      return a.merge(b);
    }
  }
}
