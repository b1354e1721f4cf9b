package ai.equilibrium.stabilize;

import static ai.equilibrium.stabilize.BestResponseHessian.dot;

import ai.equilibrium.step.GradientCorrection;
import ai.equilibrium.step.GradientTerm;
import ai.equilibrium.step.Player;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The implicit gradient itself: (H + lambda I) u = F_D solved by MINRES (Paige and Saunders), each product H v a
 * central difference of the adversary's gradient at D +- h v on the phase's own draws, and the cross term
 * (d2f/dGdD) u a central difference of f_G at D +- h u. A discriminator's loss Hessian is indefinite away from
 * its optimum (conjugate gradients met negative curvature within 3-8 iterations at ring checkpoints), which
 * MINRES solves where conjugate gradients cannot. Two full gradient passes per iteration: a slow reference for
 * small networks, against which the cheap approximations are measured.
 */
public final class ExactHessian implements BestResponseHessian {
  private final int maxIterations;
  private final double tolerance;
  private final double fdStep;

  /**
   * @param tolerance residual relative to |F_D| that stops the iterations
   * @param fdStep    relative finite-difference step: |h v| = fdStep (1 + |D|)
   */
  ExactHessian(int maxIterations, double tolerance, double fdStep) {
    this.maxIterations = maxIterations;
    this.tolerance = tolerance;
    this.fdStep = fdStep;
  }

  @Override
  public boolean displaces() {
    return true;
  }

  @Override
  public Implicit implicitTerm(GradientCorrection.AveragedTerms terms, double damping) {
    double[] rhs = terms.averaged(GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS);
    double step = step(terms, fdStep);
    Minres solution = minres(v -> {
      double[] hv = centralDifference(terms, v, step, GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS);
      for (int i = 0; i < hv.length; i++) {
        hv[i] += damping * v[i];
      }
      return hv;
    }, rhs, maxIterations, tolerance);
    double[] u = solution.x();
    double[] term = dot(u, u) > 0 ? centralDifference(terms, u, step, GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS)
        : new double[terms.averaged(GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS).length];
    Map<String, Double> diagnostics = new LinkedHashMap<>();
    diagnostics.put("brc_solver_iterations", (double) solution.iterations());
    diagnostics.put("brc_solver_residual", solution.relativeResidual());
    return new Implicit(term, diagnostics);
  }

  /** MINRES's answer: the iterate, the iterations run and its residual estimate relative to |b|. */
  record Minres(double[] x, int iterations, double relativeResidual) {}

  /**
   * MINRES for a symmetric, possibly indefinite operator, from x = 0 (SciPy's unpreconditioned recurrences);
   * stops when the residual estimate falls below {@code tolerance} |b|.
   */
  static Minres minres(java.util.function.UnaryOperator<double[]> operator, double[] b, int maxIterations,
      double tolerance) {
    int n = b.length;
    double[] x = new double[n];
    double beta1 = Math.sqrt(dot(b, b));
    if (beta1 == 0) {
      return new Minres(x, 0, 0);
    }
    double[] r1 = b.clone();
    double[] r2 = b.clone();
    double[] y = b.clone();
    double[] w = new double[n];
    double[] w1;
    double[] w2 = new double[n];
    double oldb = 0;
    double beta = beta1;
    double dbar = 0;
    double epsln = 0;
    double phibar = beta1;
    double cs = -1;
    double sn = 0;
    int iterations = 0;
    while (iterations < maxIterations && phibar > tolerance * beta1) {
      iterations++;
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = y[i] / beta;
      }
      y = operator.apply(v);
      if (iterations >= 2) {
        for (int i = 0; i < n; i++) {
          y[i] -= beta / oldb * r1[i];
        }
      }
      double alfa = dot(v, y);
      for (int i = 0; i < n; i++) {
        y[i] -= alfa / beta * r2[i];
      }
      r1 = r2;
      r2 = y.clone();
      oldb = beta;
      beta = Math.sqrt(dot(r2, r2));
      double oldeps = epsln;
      double delta = cs * dbar + sn * alfa;
      double gbar = sn * dbar - cs * alfa;
      epsln = sn * beta;
      dbar = -cs * beta;
      double gamma = Math.max(Math.hypot(gbar, beta), Double.MIN_NORMAL);
      cs = gbar / gamma;
      sn = beta / gamma;
      double phi = cs * phibar;
      phibar = sn * phibar;
      w1 = w2;
      w2 = w;
      w = new double[n];
      for (int i = 0; i < n; i++) {
        w[i] = (v[i] - oldeps * w1[i] - delta * w2[i]) / gamma;
        x[i] += phi * w[i];
      }
      if (beta == 0) {
        break; // an invariant subspace: x solves the system
      }
    }
    return new Minres(x, iterations, phibar / beta1);
  }

  /** The length of a finite-difference displacement: {@code fdStep} (1 + |D|). */
  private static double step(GradientCorrection.AveragedTerms terms, double fdStep) {
    double[] adversary = terms.parameters(Player.ADVERSARY);
    return fdStep * (1 + Math.sqrt(dot(adversary, adversary)));
  }

  /** H v, the adversary's loss Hessian times {@code v}, as the exact form computes it (for studies of it). */
  public static double[] hessianTimes(GradientCorrection.AveragedTerms terms, double[] v, double fdStep) {
    return centralDifference(terms, v, step(terms, fdStep), GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS);
  }

  /** d/dh of {@code term} along {@code direction} at the adversary's parameters, a central difference. */
  private static double[] centralDifference(GradientCorrection.AveragedTerms terms, double[] direction, double step,
      GradientTerm term) {
    double h = step / Math.sqrt(dot(direction, direction));
    double[] shift = new double[direction.length];
    for (int i = 0; i < shift.length; i++) {
      shift[i] = h * direction[i];
    }
    double[] plus = terms.displaced(Player.ADVERSARY, shift, Set.of(term)).averaged(term);
    for (int i = 0; i < shift.length; i++) {
      shift[i] = -shift[i];
    }
    double[] minus = terms.displaced(Player.ADVERSARY, shift, Set.of(term)).averaged(term);
    double[] out = new double[plus.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (plus[i] - minus[i]) / (2 * h);
    }
    return out;
  }
}
