package ai.equilibrium.stabilize;

import ai.equilibrium.step.GradientCorrection;
import ai.equilibrium.step.GradientTerm;
import java.util.Map;
import java.util.Set;

/**
 * How the best-response correction approximates the adversary's loss Hessian H = d2f/dD2 and the cross term
 * d2f/dGdD in the implicit gradient F_G - (d2f/dGdD) (H + lambda I)^-1 F_D (METHODS.md section 2).
 */
interface BestResponseHessian {

  /** The second term of the implicit gradient, over the main player's parameters, and its diagnostics. */
  record Implicit(double[] term, Map<String, Double> diagnostics) {}

  /**
   * (d2f/dGdD) (H + lambda I)^-1 F_D under this approximation.
   *
   * @param damping lambda
   */
  Implicit implicitTerm(GradientCorrection.AveragedTerms terms, double damping);

  /** The terms this approximation needs for each micro-batch on its own. */
  default Set<GradientTerm> perMicroBatchTerms() {
    return Set.of();
  }

  /** Whether it re-evaluates gradients at displaced adversary parameters. */
  default boolean displaces() {
    return false;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
