package ai.equilibrium.optim;

import ai.equilibrium.tensor.ParameterSegment;
import ai.equilibrium.tensor.ParameterSet;
import java.util.Arrays;

/**
 * Optimistic gradient descent (Daskalakis, Ilyas, Syrgkanis and Zeng, "Training GANs with Optimism", ICLR 2018):
 * step = lr * (2 g_t - g_{t-1}), the gradient extrapolated by its last change. On bilinear games, where
 * simultaneous gradient descent-ascent spirals outwards, it converges; it needs one gradient per step, where
 * extragradient needs two. The first step has no earlier gradient and is a plain gradient step. Its state is
 * the last gradient.
 */
public final class OptimisticGradient implements Optimizer {
  private double[] previous;

  @Override
  public void proposeStep(ParameterSet params, double[] gradient, double learningRate, double[] step) {
    if (previous == null) {
      previous = Arrays.copyOf(gradient, gradient.length);
    }
    for (ParameterSegment s : params.segments()) {
      if (s.role() != ParameterSegment.Role.TRAINABLE) {
        continue;
      }
      for (int i = s.offset(); i < s.end(); i++) {
        step[i] = learningRate * (2 * gradient[i] - previous[i]);
        previous[i] = gradient[i];
      }
    }
  }

  @Override
  public double[] state() {
    return previous == null ? new double[0] : previous.clone();
  }

  @Override
  public void restore(double[] state) {
    previous = state.length == 0 ? null : state.clone();
  }
}
