package ai.equilibrium.optim;

import ai.equilibrium.tensor.ParameterSegment;
import ai.equilibrium.tensor.ParameterSet;
import java.util.List;

/**
 * Normalized SGD (nSGDA when both players use it; Jelassi et al., "Dissecting adaptive methods in GANs",
 * arXiv 2210.04319): step_l = lr * g_l / (||g_l|| + eps), with the norm per parameter tensor or over the
 * player's whole gradient. Normalization makes both players move at the same pace. Stateless.
 */
public final class NormalizedSgd extends StatelessOptimizer {
  /** Keeps a zero gradient from dividing by zero without changing any other step measurably. */
  static final double EPSILON = 1e-16;

  private final NormScope scope;

  public NormalizedSgd(NormScope scope) {
    this.scope = scope;
  }

  @Override
  public void proposeStep(ParameterSet params, double[] gradient, double learningRate, double[] step) {
    double[] norms = scope.norms(params, gradient);
    List<ParameterSegment> segments = params.segments();
    for (int k = 0; k < norms.length; k++) {
      ParameterSegment s = segments.get(k);
      if (s.role() == ParameterSegment.Role.TRAINABLE) {
        double scale = learningRate / (norms[k] + EPSILON);
        for (int i = s.offset(); i < s.end(); i++) {
          step[i] = scale * gradient[i];
        }
      }
    }
  }
}
