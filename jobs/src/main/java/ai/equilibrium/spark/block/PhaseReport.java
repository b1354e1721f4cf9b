package ai.equilibrium.spark.block;

import java.io.Serializable;

/**
 * What a replica tells the coordinator after computing its partition's share of a phase: everything of its
 * result but the gradient sums (losses, diagnostics, samples, passes), a few numbers.
 *
 * @param block             the block's number in the run
 * @param attempt           the block's attempt (a retried block starts the schedule again)
 * @param phase             the phase's number in the block
 * @param step              the step (0-based)
 * @param iteration         the phase's iteration within the step
 * @param partition         the replica's partition
 * @param partitions        how many replicas report each phase
 * @param adversaryUpdates  whether this phase updates the adversary (the schedule then observes its loss)
 * @param scalars           the partition's result without gradients ({@code ShardResult}, serialized)
 */
record PhaseReport(long block, int attempt, int phase, long step, int iteration, int partition, int partitions,
    boolean adversaryUpdates, byte[] scalars) implements Serializable {
  private static final long serialVersionUID = 1L;
}
