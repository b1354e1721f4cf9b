package ai.equilibrium.optim;

import ai.equilibrium.tensor.ParameterSegment;
import ai.equilibrium.tensor.ParameterSet;

/**
 * Adam (Kingma and Ba 2015) with bias correction, as PyTorch implements it:
 * m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2, step = lr * mhat / (sqrt(vhat) + eps).
 */
public final class Adam implements Optimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private double[] m;
  private double[] v;
  private long t;

  public Adam(double beta1, double beta2, double epsilon) {
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0)) {
      throw new IllegalArgumentException("Adam needs 0 <= beta1, beta2 < 1 and epsilon > 0, got "
          + beta1 + ", " + beta2 + ", " + epsilon);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  @Override
  public void proposeStep(ParameterSet params, double[] gradient, double learningRate, double[] step) {
    if (m == null) {
      m = new double[params.size()];
      v = new double[params.size()];
    }
    t++;
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    for (ParameterSegment s : params.segments()) {
      if (s.role() != ParameterSegment.Role.TRAINABLE) {
        continue;
      }
      for (int i = s.offset(); i < s.end(); i++) {
        double g = gradient[i];
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        step[i] = learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon);
      }
    }
  }

  @Override
  public double[] state() {
    int n = m == null ? 0 : m.length;
    double[] state = new double[1 + 2 * n];
    state[0] = t;
    if (n > 0) {
      System.arraycopy(m, 0, state, 1, n);
      System.arraycopy(v, 0, state, 1 + n, n);
    }
    return state;
  }

  @Override
  public void restore(double[] state) {
    if (state.length < 1 || (state.length - 1) % 2 != 0) {
      throw new IllegalArgumentException("not an Adam state: " + state.length + " values");
    }
    int n = (state.length - 1) / 2;
    t = (long) state[0];
    m = n == 0 ? null : java.util.Arrays.copyOfRange(state, 1, 1 + n);
    v = n == 0 ? null : java.util.Arrays.copyOfRange(state, 1 + n, 1 + 2 * n);
  }
}
