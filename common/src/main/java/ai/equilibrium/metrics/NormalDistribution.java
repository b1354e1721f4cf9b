package ai.equilibrium.metrics;

/**
 * The standard normal distribution's cumulative distribution and its inverse, for power calculations: the
 * distribution function through the complementary error function (W. J. Cody's rational approximations, relative
 * error below 1e-15 in double), the quantile by P. J. Acklam's approximation polished with one Halley step.
 */
public final class NormalDistribution {
  private NormalDistribution() {}

  /** P(Z <= z). */
  public static double cdf(double z) {
    return 0.5 * erfc(-z / Math.sqrt(2));
  }

  /** The z with P(Z <= z) = p, for p in (0, 1). */
  public static double quantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("a probability strictly between 0 and 1, got " + p);
    }
    double z = acklam(p);
    // one Halley step against the accurate cdf
    double e = cdf(z) - p;
    double u = e * Math.sqrt(2 * Math.PI) * Math.exp(z * z / 2);
    return z - u / (1 + z * u / 2);
  }

  private static final double[] A = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
      1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
  private static final double[] B = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
      6.680131188771972e+01, -1.328068155288572e+01};
  private static final double[] C = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
      -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
  private static final double[] D = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
      3.754408661907416e+00};

  private static double acklam(double p) {
    double low = 0.02425;
    if (p < low) {
      double q = Math.sqrt(-2 * Math.log(p));
      return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
          / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }
    if (p > 1 - low) {
      return -acklam(1 - p);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
        / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  }

  /** The complementary error function, Cody's three ranges. */
  static double erfc(double x) {
    double ax = Math.abs(x);
    double result;
    if (ax < 0.5) {
      double t = x * x;
      double top = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t
          + 377.485237685302021) * t + 3209.37758913846947;
      double bottom = (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t
          + 2844.23683343917062;
      return 1 - x * top / bottom;
    } else if (ax < 4) {
      double top = (((((((2.15311535474403846e-8 * ax + 0.564188496988670089) * ax + 8.88314979438837594) * ax
          + 66.1191906371416295) * ax + 298.635138197400131) * ax + 881.952221241769090) * ax
          + 1712.04761263407058) * ax + 2051.07837782607147) * ax + 1230.33935479799725;
      double bottom = (((((((ax + 15.7449261107098347) * ax + 117.693950891312499) * ax + 537.181101862009858) * ax
          + 1621.38957456669019) * ax + 3290.79923573345963) * ax + 4362.61909014324716) * ax
          + 3439.36767414372164) * ax + 1230.33935480374942;
      result = Math.exp(-ax * ax) * top / bottom;
    } else {
      double z = 1 / (ax * ax);
      double top = ((((0.0163153871373020978 * z + 0.305326634961232344) * z + 0.360344899949804439) * z
          + 0.125781726111229246) * z + 0.0160837851487422766) * z + 6.58749161529837803e-4;
      double bottom = ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z + 0.527905102951428412) * z
          + 0.0605183413124413191) * z + 0.00233520497626869185;
      result = Math.exp(-ax * ax) / ax * (0.564189583547756287 - z * top / bottom);
    }
    return x < 0 ? 2 - result : result;
  }
}
