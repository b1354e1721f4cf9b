package ai.equilibrium.spark.block;

/**
 * One adversary phase as the driver's schedule saw it during a block.
 *
 * @param step          the step (0-based)
 * @param iteration     the phase's iteration within the step
 * @param adversaryLoss the merged loss the schedule observed
 * @param multiplier    the multiplier it answered the replicas with
 */
public record PhaseObservation(long step, int iteration, double adversaryLoss, double multiplier) {}
