package ai.equilibrium.stabilize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.equilibrium.step.Player;
import ai.equilibrium.step.GradientCorrection;
import ai.equilibrium.step.GradientTerm;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The best-response correction on a tiny bilevel game where it is exact. The adversary y in R^3 minimises
 * f = r^2 / 2 with r = u.y - phi(x); f's Hessian in y is then u u^T, exactly the outer-product
 * approximation up to the factor r^2 that c cancels, and gradient descent on f from y0 converges to the
 * projection y*(x) = y0 + u (phi(x) - u.y0) / |u|^2. With the main loss F = a(x) + b.y linear in y, the
 * corrected gradient at any y off the optimum must equal d/dx F(x, y*(x)), checked by finite differences.
 */
class BestResponseCorrectionTest {
  private static final double[] U = {1.0, -2.0, 0.5};
  private static final double[] B = {0.3, -0.1, 0.7};
  private static final double[] Y0 = {0.2, 0.4, -0.6};

  private static double phi(double[] x) {
    return Math.sin(x[0]) + x[0] * x[1];
  }

  private static double[] phiGradient(double[] x) {
    return new double[] {Math.cos(x[0]) + x[1], x[0]};
  }

  /** F(x, y) = x1^2 x2 + b.y */
  private static double mainLoss(double[] x, double[] y) {
    return x[0] * x[0] * x[1] + dot(B, y);
  }

  private static double[] bestResponse(double[] x) {
    double shift = (phi(x) - dot(U, Y0)) / dot(U, U);
    return new double[] {Y0[0] + shift * U[0], Y0[1] + shift * U[1], Y0[2] + shift * U[2]};
  }

  @Test
  void correctedGradientEqualsTheImplicitGradientOfTheBilevelGame() {
    double[] x = {0.7, -0.4};
    double[] y = {0.5, -0.3, 0.9}; // the adversary is not at its best response: r != 0
    double r = dot(U, y) - phi(x);
    double[] phiGrad = phiGradient(x);
    Map<GradientTerm, double[]> terms = new EnumMap<>(GradientTerm.class);
    terms.put(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS, new double[] {r * U[0], r * U[1], r * U[2]});
    terms.put(GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS, B.clone());
    terms.put(GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS, new double[] {-r * phiGrad[0], -r * phiGrad[1]});
    double[] gradient = {2 * x[0] * x[1], x[0] * x[0]}; // F_G

    BestResponseCorrection brc = new BestResponseCorrection(0);
    Map<String, Double> diagnostics = brc.correct(Player.MAIN, GradientCorrection.AveragedTerms.sumsOnly(terms::get), gradient);

    double h = 1e-6;
    double[] implicit = new double[2];
    for (int i = 0; i < 2; i++) {
      double[] plus = x.clone();
      plus[i] += h;
      double[] minus = x.clone();
      minus[i] -= h;
      implicit[i] = (mainLoss(plus, bestResponse(plus)) - mainLoss(minus, bestResponse(minus))) / (2 * h);
    }
    assertArrayEquals(implicit, gradient, 1e-8);
    assertEquals(dot(B, U) / (r * dot(U, U)), diagnostics.get("brc_c"), 1e-12);
    assertEquals(0.0, diagnostics.get("brc_degenerate"));
    assertEquals(Math.abs(r) * Math.sqrt(dot(U, U)), diagnostics.get("brc_adversary_gradient_norm"), 1e-12);
  }

  @Test
  void coefficientFollowsTheFormulaWithEpsilon() {
    assertEquals((1 * 2 + 2 * -1 + 3 * 4) / (4 + 1 + 16 + 0.5), BatchMeanHessian.coefficient(new double[] {1, 2, 3},
        new double[] {2, -1, 4}, 0.5), 1e-15);
  }

  @Test
  void zeroSumGameIsReportedAsDegenerateAndKeepsTheUncorrectedGradient() {
    // f = -F for F = x.(A y): every adversary term is the negated main term, so c = -1.
    double[] mainWrtAdversary = {0.4, -1.2, 0.3};
    double[] mainWrtMain = {0.8, -0.5};
    Map<GradientTerm, double[]> terms = new EnumMap<>(GradientTerm.class);
    terms.put(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS, negate(mainWrtAdversary));
    terms.put(GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS, mainWrtAdversary);
    terms.put(GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS, negate(mainWrtMain));
    double[] gradient = mainWrtMain.clone();

    Map<String, Double> diagnostics = new BestResponseCorrection(1e-8).correct(Player.MAIN,
        GradientCorrection.AveragedTerms.sumsOnly(terms::get), gradient);

    assertEquals(-1.0, diagnostics.get("brc_c"), 1e-6);
    assertEquals(1.0, diagnostics.get("brc_correction_ratio"), 1e-6);
    assertEquals(1.0, diagnostics.get("brc_degenerate"));
    assertArrayEquals(mainWrtMain, gradient, 0.0);
  }

  @Test
  void asksForItsTermsOnlyWhenTheGeneratorIsUpdatedAndLeavesTheAdversaryAlone() {
    BestResponseCorrection brc = new BestResponseCorrection(1e-8);
    assertEquals(EnumSet.of(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS, GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS,
        GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS), brc.extraTerms(Player.MAIN));
    assertEquals(EnumSet.noneOf(GradientTerm.class), brc.extraTerms(Player.ADVERSARY));
    double[] gradient = {1, 2};
    GradientCorrection.AveragedTerms none = GradientCorrection.AveragedTerms.sumsOnly(t -> {
      throw new AssertionError("read " + t);
    });
    assertEquals(Map.of(), brc.correct(Player.ADVERSARY, none, gradient));
    assertArrayEquals(new double[] {1, 2}, gradient, 0.0);
  }

  private static double[] negate(double[] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = -a[i];
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
