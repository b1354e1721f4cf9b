package ai.equilibrium.stabilize;

import static ai.equilibrium.stabilize.BestResponseHessian.dot;

import ai.equilibrium.config.Settings;
import ai.equilibrium.step.GradientCorrection;
import ai.equilibrium.step.GradientTerm;
import ai.equilibrium.step.Player;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The best-response constraint (Liu et al., arXiv 2205.10146): the generator as the upper level of a bilevel
 * problem whose lower level is the discriminator's best response, its gradient the implicit gradient
 *
 * <pre>  F_G - (d2f/dGdD) (H + lambda I)^-1 F_D</pre>
 *
 * with F the main player's loss, f the adversary's, H = d2f/dD2, all terms averaged over the global batch (the
 * same for any number of partitions) and the second term a constant. {@link BestResponseHessian} says how H and
 * the cross term are approximated; lambda is {@code epsilon} plus {@code relativeDamping} times the median
 * squared norm of the step's micro-batch adversary gradients. When f = -F (a zero-sum game without a penalty) the
 * corrected gradient vanishes; such steps are reported (brc_degenerate = 1, and a warning) and keep the
 * uncorrected gradient rather than stall the generator.
 */
public final class BestResponseCorrection implements GradientCorrection {
  private static final Logger LOG = LoggerFactory.getLogger(BestResponseCorrection.class);
  /** |corrected| / |uncorrected| below this: the correction cancels the gradient. */
  static final double DEGENERATE_TOLERANCE = 1e-3;

  private final BestResponseHessian hessian;
  private final double epsilon;
  private final double relativeDamping;
  private boolean warned;

  BestResponseCorrection(BestResponseHessian hessian, double epsilon, double relativeDamping) {
    if (!(epsilon >= 0) || !(relativeDamping >= 0)) {
      throw new IllegalArgumentException("damping must be non-negative, got " + epsilon + " and " + relativeDamping);
    }
    this.hessian = hessian;
    this.epsilon = epsilon;
    this.relativeDamping = relativeDamping;
  }

  /** The batch-mean form with absolute damping {@code epsilon}. */
  public BestResponseCorrection(double epsilon) {
    this(new BatchMeanHessian(), epsilon, 0);
  }

  /** The correction {@code stabilize.brc} configures. */
  public static BestResponseCorrection of(Settings.BestResponse settings) {
    BestResponseHessian hessian = switch (settings.hessian()) {
      case BATCH_MEAN -> new BatchMeanHessian();
      case FISHER -> new FisherHessian();
      case EXACT -> new ExactHessian(settings.exactIterations(), settings.exactTolerance(), settings.fdStep());
    };
    return new BestResponseCorrection(hessian, settings.epsilon(), settings.relativeDamping());
  }

  @Override
  public Set<GradientTerm> extraTerms(Player player) {
    return player == Player.MAIN
        ? EnumSet.of(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS, GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS,
            GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS)
        : EnumSet.noneOf(GradientTerm.class);
  }

  @Override
  public Set<GradientTerm> perMicroBatchTerms(Player player) {
    if (player != Player.MAIN) {
      return Set.of();
    }
    EnumSet<GradientTerm> terms = EnumSet.noneOf(GradientTerm.class);
    terms.addAll(hessian.perMicroBatchTerms());
    if (relativeDamping > 0) {
      terms.add(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS);
    }
    return terms;
  }

  @Override
  public boolean displaces(Player player) {
    return player == Player.MAIN && hessian.displaces();
  }

  @Override
  public Map<String, Double> correct(Player player, AveragedTerms terms, double[] gradient) {
    if (player != Player.MAIN) {
      return Map.of();
    }
    double damping = damping(terms);
    BestResponseHessian.Implicit implicit = hessian.implicitTerm(terms, damping);
    double[] corrected = new double[gradient.length];
    for (int i = 0; i < gradient.length; i++) {
      corrected[i] = gradient[i] - implicit.term()[i];
    }
    double uncorrectedNorm = Math.sqrt(dot(gradient, gradient));
    boolean degenerate = Math.sqrt(dot(corrected, corrected)) <= DEGENERATE_TOLERANCE * uncorrectedNorm;
    if (degenerate) {
      if (!warned) {
        LOG.warn("best-response correction is degenerate: the adversary's loss is the negated main loss, so the "
            + "corrected generator gradient vanishes; keeping the uncorrected gradient. Use a non-zero-sum loss "
            + "(non-saturating, least squares, hinge) or add a gradient penalty.");
        warned = true;
      }
    } else {
      System.arraycopy(corrected, 0, gradient, 0, gradient.length);
    }
    double[] adversaryGradient = terms.averaged(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS);
    Map<String, Double> diagnostics = new LinkedHashMap<>(implicit.diagnostics());
    diagnostics.put("brc_degenerate", degenerate ? 1.0 : 0.0);
    // |g_D|^2 is the scale the damping competes with: the batch-mean c grows as 1 / |g_D| near D's optimum.
    diagnostics.put("brc_adversary_gradient_norm", Math.sqrt(dot(adversaryGradient, adversaryGradient)));
    diagnostics.put("brc_correction_ratio", Math.sqrt(dot(implicit.term(), implicit.term()))
        / Math.max(Double.MIN_NORMAL, uncorrectedNorm));
    if (relativeDamping > 0) {
      diagnostics.put("brc_damping", damping);
    }
    return diagnostics;
  }

  /** lambda: epsilon plus relativeDamping times the median |g_k|^2 over the step's micro-batches. */
  private double damping(AveragedTerms terms) {
    if (relativeDamping == 0) {
      return epsilon;
    }
    List<double[]> perMicroBatch = terms.perMicroBatch(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS);
    double[] squaredNorms = perMicroBatch.stream().mapToDouble(g -> dot(g, g)).toArray();
    Arrays.sort(squaredNorms);
    int n = squaredNorms.length;
    double median = n % 2 == 1 ? squaredNorms[n / 2] : (squaredNorms[n / 2 - 1] + squaredNorms[n / 2]) / 2;
    return epsilon + relativeDamping * median;
  }
}
