package ai.equilibrium.stabilize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.Settings;
import ai.equilibrium.step.GradientCorrection;
import ai.equilibrium.step.GradientTerm;
import ai.equilibrium.step.Player;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The three Hessians of the best-response correction against their definitions: the exact one against the
 * implicit gradient of a bilevel game whose best response is known in closed form, the empirical Fisher against
 * a dense solve over the adversary's parameters, and each against the batch-mean form where they coincide.
 */
class BestResponseHessiansTest {
  /** f(x, y) = y.A y / 2 - y.M phi(x): the adversary's best response is y*(x) = A^-1 M phi(x). */
  private static final double[][] A = {{2.0, 0.3, -0.2}, {0.3, 1.5, 0.4}, {-0.2, 0.4, 1.2}};
  private static final double[][] M = {{1.0, -0.5}, {0.2, 0.8}, {-0.7, 0.3}};
  private static final double[] B = {0.3, -0.1, 0.7};

  private static double[] phi(double[] x) {
    return new double[] {Math.sin(x[0]) + x[0] * x[1], x[1] * x[1]};
  }

  /** d phi_i / d x_j */
  private static double[][] phiJacobian(double[] x) {
    return new double[][] {{Math.cos(x[0]) + x[1], x[0]}, {0, 2 * x[1]}};
  }

  /** F(x, y) = x1^2 x2 + b.y */
  private static double mainLoss(double[] x, double[] y) {
    return x[0] * x[0] * x[1] + dot(B, y);
  }

  /** The quadratic game's terms at (x, y), with displaced re-evaluations computed from the same formulas. */
  private static GradientCorrection.AveragedTerms quadraticGame(double[][] a, double[] x, double[] y) {
    double[] mPhi = times(M, phi(x));
    double[][] jacobian = phiJacobian(x);
    Function<double[], Map<GradientTerm, double[]>> at = yy -> {
      Map<GradientTerm, double[]> t = new EnumMap<>(GradientTerm.class);
      double[] ay = times(a, yy);
      t.put(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS, minus(ay, mPhi));
      t.put(GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS, B.clone());
      double[] mty = new double[2];
      for (int j = 0; j < 2; j++) {
        for (int i = 0; i < 3; i++) {
          mty[j] -= yy[i] * M[i][0] * jacobian[0][j] + yy[i] * M[i][1] * jacobian[1][j];
        }
      }
      t.put(GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS, mty);
      return t;
    };
    return new FakeTerms(at.apply(y), Map.of(), y, (shift, terms) -> at.apply(plus(y, shift)));
  }

  @Test
  void theExactHessianGivesTheImplicitGradientOfTheBilevelGame() {
    double[] x = {0.7, -0.4};
    double[] y = {0.5, -0.3, 0.9}; // off the best response
    double[] gradient = {2 * x[0] * x[1], x[0] * x[0]};
    Settings.BestResponse exact = new Settings.BestResponse(true, Settings.HessianKind.EXACT, 0, 0, false, 10,
        1e-12, 1e-5);
    Map<String, Double> diagnostics = BestResponseCorrection.of(exact).correct(Player.MAIN, quadraticGame(A, x, y),
        gradient);

    double h = 1e-6;
    double[] implicit = new double[2];
    for (int i = 0; i < 2; i++) {
      double[] up = x.clone();
      up[i] += h;
      double[] down = x.clone();
      down[i] -= h;
      implicit[i] = (mainLoss(up, bestResponse(up)) - mainLoss(down, bestResponse(down))) / (2 * h);
    }
    assertArrayEquals(implicit, gradient, 1e-7);
    assertEquals(3.0, diagnostics.get("brc_solver_iterations"), "MINRES ends in n = 3 iterations");
    assertTrue(diagnostics.get("brc_solver_residual") < 1e-9, diagnostics.toString());
  }

  @Test
  void theExactHessianSolvesIndefiniteSystems() {
    // A discriminator's loss Hessian is indefinite away from its optimum; conjugate gradients break down there.
    double[][] indefinite = {{1.0, 0.4, 0.0}, {0.4, -1.0, 0.3}, {0.0, 0.3, 2.0}};
    double[] b = {0.3, -0.1, 0.7};
    ExactHessian.Minres solution = ExactHessian.minres(v -> times(indefinite, v), b, 10, 1e-14);
    assertArrayEquals(DenseSolve.solve(indefinite, b), solution.x(), 1e-12);
    assertEquals(3, solution.iterations());
    double[] x = {0.7, -0.4};
    double[] gradient = {2 * x[0] * x[1], x[0] * x[0]};
    Settings.BestResponse exact = new Settings.BestResponse(true, Settings.HessianKind.EXACT, 0, 0, false, 10,
        1e-12, 1e-5);
    BestResponseCorrection.of(exact).correct(Player.MAIN, quadraticGame(indefinite, x, new double[] {0.5, -0.3,
        0.9}), gradient);
    // The stationary point y*(x) = H^-1 M phi(x) of f, where the implicit function theorem applies as well.
    double h = 1e-6;
    for (int i = 0; i < 2; i++) {
      double[] up = x.clone();
      up[i] += h;
      double[] down = x.clone();
      down[i] -= h;
      double implicit = (mainLoss(up, DenseSolve.solve(indefinite, times(M, phi(up))))
          - mainLoss(down, DenseSolve.solve(indefinite, times(M, phi(down))))) / (2 * h);
      assertEquals(implicit, gradient[i], 1e-7);
    }
  }

  @Test
  void theFisherFormSolvesTheDampedSumOfOuterProducts() {
    SplittableRandom random = new SplittableRandom(5);
    int k = 3;
    int d = 5;
    List<double[]> g = List.of(randoms(random, d), randoms(random, d), randoms(random, d));
    List<double[]> fG = List.of(randoms(random, 2), randoms(random, 2), randoms(random, 2));
    double[] mainWrtAdversary = randoms(random, d);
    double lambda = 0.1;

    double[][] h = new double[d][d];
    for (double[] gk : g) {
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          h[i][j] += gk[i] * gk[j] / k;
        }
      }
    }
    for (int i = 0; i < d; i++) {
      h[i][i] += lambda;
    }
    double[] u = DenseSolve.solve(h, mainWrtAdversary);
    double[] expected = new double[2];
    for (int m = 0; m < k; m++) {
      double gu = dot(g.get(m), u);
      for (int j = 0; j < 2; j++) {
        expected[j] += fG.get(m)[j] * gu / k;
      }
    }
    Map<GradientTerm, double[]> sums = Map.of(GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS, mainWrtAdversary);
    Map<GradientTerm, List<double[]>> each = Map.of(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS, g,
        GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS, fG);
    double[] term = new FisherHessian().implicitTerm(new FakeTerms(sums, each, null, null), lambda).term();
    assertArrayEquals(expected, term, 1e-12);
  }

  @Test
  void oneMicroBatchMakesTheFisherFormTheBatchMeanFormBitForBit() {
    SplittableRandom random = new SplittableRandom(9);
    double[] g = randoms(random, 6);
    double[] fG = randoms(random, 3);
    Map<GradientTerm, double[]> sums = Map.of(GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS, randoms(random, 6),
        GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS, g, GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS, fG);
    Map<GradientTerm, List<double[]>> each = Map.of(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS, List.of(g),
        GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS, List.of(fG));
    FakeTerms terms = new FakeTerms(sums, each, null, null);
    assertArrayEquals(new BatchMeanHessian().implicitTerm(terms, 0.01).term(),
        new FisherHessian().implicitTerm(terms, 0.01).term(), 0.0);
  }

  @Test
  void relativeDampingIsInUnitsOfTheMedianMicroBatchGradient() {
    double[] mainWrtAdversary = {1, 2};
    double[] g = {3, 0};
    Map<GradientTerm, double[]> sums = Map.of(GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS, mainWrtAdversary,
        GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS, g, GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS,
        new double[] {1});
    // |g_k|^2 = 1, 4, 9, 16: median 6.5
    Map<GradientTerm, List<double[]>> each = Map.of(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS, List.of(
        new double[] {0, 3}, new double[] {1, 0}, new double[] {4, 0}, new double[] {0, 2}));
    BestResponseCorrection brc = BestResponseCorrection.of(new Settings.BestResponse(true,
        Settings.HessianKind.BATCH_MEAN, 0.5, 2, false, 20, 1e-6, 1e-5));
    assertEquals(EnumSet.of(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS), brc.perMicroBatchTerms(Player.MAIN));
    double[] gradient = {10};
    Map<String, Double> diagnostics = brc.correct(Player.MAIN, new FakeTerms(sums, each, null, null), gradient);
    assertEquals(0.5 + 2 * 6.5, diagnostics.get("brc_damping"), 0.0);
    assertEquals(3.0 / (9 + 13.5), diagnostics.get("brc_c"), 1e-15);
    assertEquals(10 - 3.0 / 22.5, gradient[0], 1e-14);
  }

  private static double[] bestResponse(double[] x) {
    return DenseSolve.solve(A, times(M, phi(x)));
  }

  /** Terms from maps; displaced ones from a function of the shift. */
  private record FakeTerms(Map<GradientTerm, double[]> sums, Map<GradientTerm, List<double[]>> each,
      double[] adversary, java.util.function.BiFunction<double[], Set<GradientTerm>, Map<GradientTerm, double[]>> moved)
      implements GradientCorrection.AveragedTerms {
    @Override
    public double[] averaged(GradientTerm term) {
      return sums.get(term);
    }

    @Override
    public List<double[]> perMicroBatch(GradientTerm term) {
      return each.get(term);
    }

    @Override
    public double[] parameters(Player player) {
      return adversary;
    }

    @Override
    public GradientCorrection.AveragedTerms displaced(Player player, double[] shift, Set<GradientTerm> terms) {
      return new FakeTerms(moved.apply(shift, terms), Map.of(), plus(adversary, shift), null);
    }
  }

  private static double[] randoms(SplittableRandom random, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = random.nextDouble(-1, 1);
    }
    return out;
  }

  private static double[] times(double[][] m, double[] v) {
    double[] out = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      out[i] = dot(m[i], v);
    }
    return out;
  }

  private static double[] plus(double[] a, double[] b) {
    double[] out = a.clone();
    for (int i = 0; i < a.length; i++) {
      out[i] += b[i];
    }
    return out;
  }

  private static double[] minus(double[] a, double[] b) {
    double[] out = a.clone();
    for (int i = 0; i < a.length; i++) {
      out[i] -= b[i];
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
