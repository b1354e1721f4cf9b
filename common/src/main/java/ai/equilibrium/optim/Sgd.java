package ai.equilibrium.optim;

import ai.equilibrium.tensor.ParameterSegment;
import ai.equilibrium.tensor.ParameterSet;

/** Plain stochastic gradient descent: step = lr * g. Stateless. */
public final class Sgd extends StatelessOptimizer {

  @Override
  public void proposeStep(ParameterSet params, double[] gradient, double learningRate, double[] step) {
    for (ParameterSegment s : params.segments()) {
      if (s.role() == ParameterSegment.Role.TRAINABLE) {
        for (int i = s.offset(); i < s.end(); i++) {
          step[i] = learningRate * gradient[i];
        }
      }
    }
  }
}
