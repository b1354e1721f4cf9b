package ai.equilibrium.backend;

import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import java.io.Serializable;

/**
 * A computation on every data partition with the game's networks at the current parameters, whose
 * per-partition results are merged into one: a step's gradients, or the features that FID needs. Shipped to
 * executors with each call, so it holds only small values.
 *
 * @param <G> the game, as concrete as the computation needs (a GAN's samples need the GAN game)
 * @param <N> the game's networks
 * @param <S> the game's data shard
 * @param <R> the result of one partition, and of all partitions merged
 */
public interface ShardComputation<G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable,
    R extends Serializable> extends Serializable {

  /** The result of partition {@code partition}, computed with {@code networks} as scratch space. */
  R compute(G game, N networks, S shard, int partition);

  /** Merges two results (associative; may mutate and return {@code a}). */
  R merge(R a, R b);
}
