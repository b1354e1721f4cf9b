package ai.equilibrium.stabilize;

import ai.equilibrium.step.Player;
import ai.equilibrium.step.GradientCorrection;
import ai.equilibrium.step.GradientTerm;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The best-response constraint (Liu et al., arXiv 2205.10146): the generator as the upper level of a bilevel
 * problem whose lower level is the discriminator's best response. With the outer-product approximations
 * d2f/dD2 ~ g_D g_D^T and d2f/dDdG ~ g_D f_G^T, the implicit gradient reduces to one scalar:
 *
 * <pre>  c = &lt;F_D, g_D&gt; / (&lt;g_D, g_D&gt; + eps),   generator gradient = F_G - c f_G</pre>
 *
 * with F the main player's loss and f the adversary's, all four gradients averaged over the global batch
 * (so c is the same for any number of partitions) and c a constant. When f = -F (a zero-sum game without a
 * penalty) c = -1 and the corrected gradient vanishes; such steps are reported (brc_degenerate = 1, and a
 * warning) and keep the uncorrected gradient rather than stall the generator.
 */
public final class BestResponseCorrection implements GradientCorrection {
  private static final Logger LOG = LoggerFactory.getLogger(BestResponseCorrection.class);
  /** |c + 1| and |corrected| / |uncorrected| both below this: the correction cancels the gradient (eps keeps c
   * slightly above -1, by eps / |g_D|^2). */
  static final double DEGENERATE_TOLERANCE = 1e-3;

  private final double epsilon;
  private boolean warned;

  public BestResponseCorrection(double epsilon) {
    if (!(epsilon >= 0)) {
      throw new IllegalArgumentException("epsilon must be non-negative, got " + epsilon);
    }
    this.epsilon = epsilon;
  }

  /** The scalar c = &lt;F_D, g_D&gt; / (&lt;g_D, g_D&gt; + eps). */
  public double coefficient(double[] mainLossAdversaryGradient, double[] adversaryGradient) {
    return dot(mainLossAdversaryGradient, adversaryGradient) / (dot(adversaryGradient, adversaryGradient) + epsilon);
  }

  @Override
  public Set<GradientTerm> extraTerms(Player player) {
    return player == Player.MAIN
        ? EnumSet.of(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS, GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS,
            GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS)
        : EnumSet.noneOf(GradientTerm.class);
  }

  @Override
  public Map<String, Double> correct(Player player, AveragedTerms terms, double[] gradient) {
    if (player != Player.MAIN) {
      return Map.of();
    }
    double[] adversaryGradient = terms.averaged(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS);
    double c = coefficient(terms.averaged(GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS), adversaryGradient);
    double[] adversaryLossGradient = terms.averaged(GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS);
    double[] corrected = new double[gradient.length];
    for (int i = 0; i < gradient.length; i++) {
      corrected[i] = gradient[i] - c * adversaryLossGradient[i];
    }
    boolean degenerate = Math.abs(c + 1) < DEGENERATE_TOLERANCE
        && Math.sqrt(dot(corrected, corrected)) <= DEGENERATE_TOLERANCE * Math.sqrt(dot(gradient, gradient));
    if (degenerate) {
      if (!warned) {
        LOG.warn("best-response correction is degenerate (c = {}): the adversary's loss is the negated main loss, so "
            + "the corrected generator gradient vanishes; keeping the uncorrected gradient. Use a non-zero-sum loss "
            + "(non-saturating, least squares, hinge) or add a gradient penalty.", c);
        warned = true;
      }
    } else {
      System.arraycopy(corrected, 0, gradient, 0, gradient.length);
    }
    Map<String, Double> diagnostics = new LinkedHashMap<>();
    diagnostics.put("brc_c", c);
    diagnostics.put("brc_degenerate", degenerate ? 1.0 : 0.0);
    // |g_D|^2 is the scale epsilon competes with: c grows as 1 / |g_D| when the adversary nears its optimum.
    diagnostics.put("brc_adversary_gradient_norm", Math.sqrt(dot(adversaryGradient, adversaryGradient)));
    return diagnostics;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
