package ai.equilibrium.metrics;

import java.util.Arrays;

/**
 * Welch's unequal-variance t-test of two independent samples (for example one score per seed of two training
 * arms): t = (mean_a - mean_b) / sqrt(s_a²/n_a + s_b²/n_b) with the Welch–Satterthwaite degrees of freedom,
 * and the two-sided p-value from Student's t distribution.
 *
 * @param a       the first sample's summary
 * @param b       the second sample's summary
 * @param t       the statistic, positive when a's mean is larger
 * @param df      the Welch–Satterthwaite degrees of freedom
 * @param pValue  two-sided: the probability of a |t| at least this large when both means are equal
 */
public record WelchTest(Summary a, Summary b, double t, double df, double pValue) {

  /** Mean and sample standard deviation (n - 1 in the denominator) of one sample. */
  public record Summary(int n, double mean, double sd) {

    public static Summary of(double[] values) {
      if (values.length < 2) {
        throw new IllegalArgumentException("a sample needs at least 2 values for its spread, got " + values.length);
      }
      double mean = Arrays.stream(values).average().orElseThrow();
      double squares = 0;
      for (double v : values) {
        squares += (v - mean) * (v - mean);
      }
      return new Summary(values.length, mean, Math.sqrt(squares / (values.length - 1)));
    }

    double varianceOfMean() {
      return sd * sd / n;
    }
  }

  public static WelchTest of(double[] a, double[] b) {
    Summary sa = Summary.of(a);
    Summary sb = Summary.of(b);
    double va = sa.varianceOfMean();
    double vb = sb.varianceOfMean();
    if (va + vb == 0) {
      // Two constant samples: equal means are certainly equal, different ones certainly not.
      boolean same = sa.mean() == sb.mean();
      return new WelchTest(sa, sb, same ? 0 : Math.copySign(Double.POSITIVE_INFINITY, sa.mean() - sb.mean()),
          sa.n() + sb.n() - 2, same ? 1 : 0);
    }
    double t = (sa.mean() - sb.mean()) / Math.sqrt(va + vb);
    double df = (va + vb) * (va + vb) / (va * va / (sa.n() - 1) + vb * vb / (sb.n() - 1));
    return new WelchTest(sa, sb, t, df, twoSidedP(t, df));
  }

  /** P(|T| >= |t|) for Student's t with df degrees of freedom: I_{df/(df+t²)}(df/2, 1/2). */
  static double twoSidedP(double t, double df) {
    return regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
  }

  /** I_x(a, b) by its continued fraction (Lentz), on the side where it converges fast. */
  static double regularizedIncompleteBeta(double x, double a, double b) {
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
    if (x < (a + 1) / (a + b + 2)) {
      return front * continuedFraction(x, a, b) / a;
    }
    return 1 - front * continuedFraction(1 - x, b, a) / b;
  }

  private static double continuedFraction(double x, double a, double b) {
    double tiny = 1e-300;
    double c = 1;
    double d = 1 - (a + b) * x / (a + 1);
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    double h = d;
    for (int m = 1; m <= 10_000; m++) {
      int m2 = 2 * m;
      double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
      d = 1 + even * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + even / c;
      c = Math.abs(c) < tiny ? tiny : c;
      h *= d * c;
      double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
      d = 1 + odd * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + odd / c;
      c = Math.abs(c) < tiny ? tiny : c;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-15) {
        return h;
      }
    }
    throw new ArithmeticException("the incomplete beta function did not converge at x=" + x + ", a=" + a + ", b=" + b);
  }

  /** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits). */
  static double logGamma(double x) {
    double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    x -= 1;
    double sum = c[0];
    for (int i = 1; i < c.length; i++) {
      sum += c[i] / (x + i);
    }
    double t = x + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
  }
}
