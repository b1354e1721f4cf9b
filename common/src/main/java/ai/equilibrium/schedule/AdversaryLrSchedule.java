package ai.equilibrium.schedule;

/**
 * Sets the adversary's learning-rate multiplier each step from the aggregated adversary loss. Driver-side
 * and stateful: it sees the global-batch loss exactly once per adversary update, so the schedule does not
 * depend on the number of executors or partitions.
 */
public interface AdversaryLrSchedule {

  /**
   * Observes the adversary loss of this step's global minibatch (the forward pass that produced the
   * adversary's gradient, before its update) and returns the multiplier for the base learning rate.
   */
  double observe(double adversaryLoss);

  /** The schedule's smoothed view of the loss, or NaN if it keeps none. */
  double smoothedLoss();

  /** The state a checkpoint must hold to resume the schedule exactly. */
  double[] state();

  /** Restores a state produced by {@link #state()}. */
  void restore(double[] state);
}
