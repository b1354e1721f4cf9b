package ai.equilibrium.stabilize;

import static ai.equilibrium.stabilize.BestResponseHessian.dot;

import ai.equilibrium.step.GradientCorrection;
import ai.equilibrium.step.GradientTerm;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The empirical Fisher over the step's K micro-batches: H ~ (1/K) sum_k g_k g_k^T and d2f/dGdD ~ (1/K) sum_k
 * f_G,k g_k^T, with g_k and f_G,k micro-batch k's mean adversary-loss gradients. By the Woodbury identity the
 * implicit gradient's second term is sum_k s_k f_G,k with (G + K lambda I) s = b on the K x K Gram matrix
 * G_kl = &lt;g_k, g_l&gt; and b_k = &lt;g_k, F_D&gt;, never a matrix over the adversary's parameters. With K = 1 it
 * is the batch-mean form. A sum of outer products stays bounded where the batch mean's one shrinks.
 */
final class FisherHessian implements BestResponseHessian {

  @Override
  public Set<GradientTerm> perMicroBatchTerms() {
    return EnumSet.of(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS, GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS);
  }

  @Override
  public Implicit implicitTerm(GradientCorrection.AveragedTerms terms, double damping) {
    List<double[]> g = terms.perMicroBatch(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS);
    List<double[]> fG = terms.perMicroBatch(GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS);
    double[] mainLossAdversaryGradient = terms.averaged(GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS);
    int k = g.size();
    double[][] system = new double[k][k];
    double[] b = new double[k];
    for (int i = 0; i < k; i++) {
      b[i] = dot(g.get(i), mainLossAdversaryGradient);
      for (int j = 0; j <= i; j++) {
        system[i][j] = dot(g.get(i), g.get(j));
        system[j][i] = system[i][j];
      }
      system[i][i] += k * damping;
    }
    double[] s = DenseSolve.solve(system, b);
    double[] term = new double[fG.get(0).length];
    if (s != null) {
      for (int i = 0; i < k; i++) {
        double[] f = fG.get(i);
        for (int j = 0; j < term.length; j++) {
          term[j] += s[i] * f[j];
        }
      }
    }
    return new Implicit(term, Map.of("brc_fisher_singular", s == null ? 1.0 : 0.0));
  }
}
