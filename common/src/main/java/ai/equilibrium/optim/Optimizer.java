package ai.equilibrium.optim;

import ai.equilibrium.tensor.ParameterSegment;
import ai.equilibrium.tensor.ParameterSet;

/**
 * A driver-side optimizer on a player's flat parameter vector. It proposes a step from the averaged
 * gradient and a learning rate given by the caller (schedules live elsewhere); the step is subtracted from
 * the trainable segments. Stateful (moments); one instance per player.
 */
public interface Optimizer {

  /**
   * Advances the optimizer's state with {@code gradient} and writes into {@code step} the values to subtract
   * from the parameters. Only trainable segments are written; running-statistic segments are left as they
   * are in {@code step}.
   *
   * @param params       the player's parameters (read only here)
   * @param gradient     the averaged gradient, same length as the parameters
   * @param learningRate the rate for this step, schedule already applied
   * @param step         output, same length as the parameters
   */
  void proposeStep(ParameterSet params, double[] gradient, double learningRate, double[] step);

  /** The state a checkpoint must hold (moments, step count), flat. */
  double[] state();

  /** Restores a state produced by {@link #state()}. */
  void restore(double[] state);

  /** Proposes a step and subtracts it from the trainable segments. */
  default void step(ParameterSet params, double[] gradient, double learningRate) {
    step(params, gradient, learningRate, new double[params.size()]);
  }

  /**
   * {@link #step(ParameterSet, double[], double)} with a caller-owned scratch array of {@code params.size()}
   * for the proposed step (its contents on entry do not matter: every trainable entry is overwritten), so that
   * a training loop does not allocate a parameter-sized array per player and step.
   */
  default void step(ParameterSet params, double[] gradient, double learningRate, double[] step) {
    proposeStep(params, gradient, learningRate, step);
    double[] values = params.values();
    for (ParameterSegment s : params.segments()) {
      if (s.role() == ParameterSegment.Role.TRAINABLE) {
        for (int i = s.offset(); i < s.end(); i++) {
          values[i] -= step[i];
        }
      }
    }
    params.markUpdated();
  }
}
