package ai.equilibrium.optim;

import ai.equilibrium.tensor.ParameterSegment;
import ai.equilibrium.tensor.ParameterSet;
import java.util.Arrays;
import java.util.List;

/**
 * Optimizer grafting M#D (Agarwal et al. 2020; used by Jelassi et al., arXiv 2210.04319): the magnitude of
 * optimizer M's step with the direction of optimizer D's step, both computed from the same gradient,
 * step_l = ||Delta_M,l|| / (||Delta_D,l|| + eps) * Delta_D,l with eps = 1e-16, per parameter tensor or
 * over the whole player. Adam#SGD is Ada-nSGDA. Both optimizers keep their own state.
 */
public final class Grafted implements Optimizer {
  private final Optimizer magnitude;
  private final Optimizer direction;
  private final NormScope scope;
  private double[] magnitudeStep;
  private double[] directionStep;

  public Grafted(Optimizer magnitude, Optimizer direction, NormScope scope) {
    this.magnitude = magnitude;
    this.direction = direction;
    this.scope = scope;
  }

  @Override
  public void proposeStep(ParameterSet params, double[] gradient, double learningRate, double[] step) {
    if (magnitudeStep == null || magnitudeStep.length != params.size()) {
      magnitudeStep = new double[params.size()];
      directionStep = new double[params.size()];
    }
    magnitude.proposeStep(params, gradient, learningRate, magnitudeStep);
    direction.proposeStep(params, gradient, learningRate, directionStep);
    double[] magnitudeNorms = scope.norms(params, magnitudeStep);
    double[] directionNorms = scope.norms(params, directionStep);
    List<ParameterSegment> segments = params.segments();
    for (int k = 0; k < segments.size(); k++) {
      ParameterSegment s = segments.get(k);
      if (s.role() == ParameterSegment.Role.TRAINABLE) {
        double scale = magnitudeNorms[k] / (directionNorms[k] + NormalizedSgd.EPSILON);
        for (int i = s.offset(); i < s.end(); i++) {
          step[i] = scale * directionStep[i];
        }
      }
    }
  }

  /** [length of the magnitude optimizer's state, its state..., the direction optimizer's state...]. */
  @Override
  public double[] state() {
    double[] m = magnitude.state();
    double[] d = direction.state();
    double[] state = new double[1 + m.length + d.length];
    state[0] = m.length;
    System.arraycopy(m, 0, state, 1, m.length);
    System.arraycopy(d, 0, state, 1 + m.length, d.length);
    return state;
  }

  @Override
  public void restore(double[] state) {
    if (state.length < 1 || state[0] < 0 || state[0] > state.length - 1) {
      throw new IllegalArgumentException("not a grafted optimizer's state: " + state.length + " values");
    }
    int m = (int) state[0];
    magnitude.restore(Arrays.copyOfRange(state, 1, 1 + m));
    direction.restore(Arrays.copyOfRange(state, 1 + m, state.length));
  }
}
