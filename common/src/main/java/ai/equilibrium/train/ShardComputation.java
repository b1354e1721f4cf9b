package ai.equilibrium.train;

import ai.equilibrium.data.DataShard;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import java.io.Serializable;

/**
 * A computation on every data partition with the game's networks at the current parameters, whose
 * per-partition results are merged into one: a step's gradients, or the features that FID needs. Shipped to
 * executors with each call, so it holds only small values.
 *
 * @param <N> the game's networks
 * @param <R> the result of one partition, and of all partitions merged
 */
public interface ShardComputation<N extends GameNetworks, R extends Serializable> extends Serializable {

  /** The result of partition {@code partition}, computed with {@code networks} as scratch space. */
  R compute(AdversarialGame<N> game, N networks, DataShard shard, int partition);

  /** Merges two results (associative; may mutate and return {@code a}). */
  R merge(R a, R b);
}
