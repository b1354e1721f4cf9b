package ai.equilibrium.stabilize;

import static ai.equilibrium.stabilize.BestResponseHessian.dot;

import ai.equilibrium.step.GradientCorrection;
import ai.equilibrium.step.GradientTerm;
import java.util.Map;

/**
 * H ~ g_D g_D^T and d2f/dGdD ~ f_G g_D^T with g_D the batch-mean adversary gradient: the implicit gradient's
 * second term reduces to c f_G with one scalar c = &lt;F_D, g_D&gt; / (|g_D|^2 + lambda). Cheap, but c grows as
 * 1 / |g_D| as the adversary nears its optimum.
 */
final class BatchMeanHessian implements BestResponseHessian {

  /** c = &lt;F_D, g_D&gt; / (&lt;g_D, g_D&gt; + lambda). */
  static double coefficient(double[] mainLossAdversaryGradient, double[] adversaryGradient, double damping) {
    return dot(mainLossAdversaryGradient, adversaryGradient) / (dot(adversaryGradient, adversaryGradient) + damping);
  }

  @Override
  public Implicit implicitTerm(GradientCorrection.AveragedTerms terms, double damping) {
    double c = coefficient(terms.averaged(GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS),
        terms.averaged(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS), damping);
    double[] adversaryLossGradient = terms.averaged(GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS);
    double[] term = new double[adversaryLossGradient.length];
    for (int i = 0; i < term.length; i++) {
      term[i] = c * adversaryLossGradient[i];
    }
    return new Implicit(term, Map.of("brc_c", c));
  }
}
