package ai.equilibrium.spark.block;

import java.io.Serializable;

/**
 * The coordinator's answer to every replica of a phase, once all have reported.
 *
 * @param scalars      the partitions' scalars merged in {@code PartitionOrder} ({@code ShardResult}, serialized)
 * @param multiplier   the schedule's multiplier for the adversary's update (NaN in a phase without one)
 * @param smoothedLoss the schedule's smoothed adversary loss after this phase
 */
record PhaseDecision(byte[] scalars, double multiplier, double smoothedLoss) implements Serializable {
  private static final long serialVersionUID = 1L;
}
