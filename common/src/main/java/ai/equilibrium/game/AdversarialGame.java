package ai.equilibrium.game;

import ai.equilibrium.step.MicroBatchPlan;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.step.StepRequest;
import java.io.Serializable;

/**
 * A two-player game as the training loop sees it: the main player and the adversary, each with a loss on
 * a minibatch, and the adversary's ideal loss V*. GANs and domain adaptation differ only here.
 *
 * <p>Serializable: executors receive the game once per run and build their own networks from it.
 *
 * @param <N> the game's networks
 * @param <S> the game's data shard: what one partition of its training data holds
 */
public interface AdversarialGame<N extends GameNetworks, S extends Serializable> extends Serializable {

  /** Builds the networks with the run's initial parameters (deterministic in the run seed). */
  N buildNetworks();

  /**
   * Computes the requested gradients on one data partition: every micro-batch of {@link #plan()} assigned to
   * {@code partition}, with random draws that depend only on (run seed, step, iteration, micro-batch).
   * Runs on executors; uses {@code networks} as scratch space.
   *
   * @return gradient SUMS per term, loss sums, named diagnostic sums and the sample count
   */
  ShardResult computeShard(N networks, S shard, int partition, StepRequest request);

  /** V* of the adversary's loss, as the loss reduces its batch. */
  double idealAdversaryLoss();

  /** How the global minibatch is split into micro-batches and partitions. */
  MicroBatchPlan plan();
}
