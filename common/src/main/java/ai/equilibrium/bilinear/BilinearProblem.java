package ai.equilibrium.bilinear;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * One instance of the bilinear game f(x, y) = x^T A y + b^T x + c^T y, drawn from a seed: A = U S V^T with random
 * orthogonal U and V and singular values S log-spaced from 1 down to 1 / conditioning, b and c Gaussian. Its
 * equilibrium is x* = -A^-T c, y* = -A^-1 b, where f = -c^T A^-1 b. Every draw and operation is strict Java
 * arithmetic, so an instance is the same on every processor.
 */
record BilinearProblem(double[][] a, double[] b, double[] c, double[] xStar, double[] yStar) implements Serializable {

  static BilinearProblem draw(BilinearSettings settings, long seed) {
    int d = settings.dimension();
    SplittableRandom random = new SplittableRandom(seed);
    double[][] u = orthogonal(d, random);
    double[][] v = orthogonal(d, random);
    double[] s = new double[d];
    for (int i = 0; i < d; i++) {
      s[i] = d == 1 ? 1 : StrictMath.pow(settings.conditioning(), -(double) i / (d - 1));
    }
    double[][] a = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double sum = 0;
        for (int k = 0; k < d; k++) {
          sum += u[i][k] * s[k] * v[j][k];
        }
        a[i][j] = sum;
      }
    }
    double[] b = gaussian(d, settings.offset(), random);
    double[] c = gaussian(d, settings.offset(), random);
    // A^-1 = V S^-1 U^T and A^-T = U S^-1 V^T
    double[] yStar = times(v, scaled(transposeTimes(u, b), s), -1);
    double[] xStar = times(u, scaled(transposeTimes(v, c), s), -1);
    return new BilinearProblem(a, b, c, xStar, yStar);
  }

  int dimension() {
    return b.length;
  }

  /** A y + b: the main player's gradient of f. */
  double[] gradientX(double[] y) {
    double[] g = b.clone();
    for (int i = 0; i < g.length; i++) {
      for (int j = 0; j < g.length; j++) {
        g[i] += a[i][j] * y[j];
      }
    }
    return g;
  }

  /** A^T x + c: the gradient of f in y (which the adversary ascends). */
  double[] gradientY(double[] x) {
    double[] g = c.clone();
    for (int j = 0; j < g.length; j++) {
      for (int i = 0; i < g.length; i++) {
        g[j] += a[i][j] * x[i];
      }
    }
    return g;
  }

  double value(double[] x, double[] y) {
    double[] ay = gradientX(y); // A y + b
    double f = 0;
    for (int i = 0; i < x.length; i++) {
      f += x[i] * ay[i] + c[i] * y[i];
    }
    return f;
  }

  /** The game's value at its equilibrium, -c^T A^-1 b. */
  double equilibriumValue() {
    return value(xStar, yStar);
  }

  /** || (x, y) - (x*, y*) ||. */
  double distanceToEquilibrium(double[] x, double[] y) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += (x[i] - xStar[i]) * (x[i] - xStar[i]) + (y[i] - yStar[i]) * (y[i] - yStar[i]);
    }
    return Math.sqrt(sum);
  }

  /** Standard normal draws by Box-Muller on StrictMath, the same bits everywhere. */
  static double[] gaussian(int n, double scale, SplittableRandom random) {
    double[] values = new double[n];
    for (int i = 0; i < n; i += 2) {
      double radius = StrictMath.sqrt(-2 * StrictMath.log(1 - random.nextDouble()));
      double angle = 2 * StrictMath.PI * random.nextDouble();
      values[i] = scale * radius * StrictMath.cos(angle);
      if (i + 1 < n) {
        values[i + 1] = scale * radius * StrictMath.sin(angle);
      }
    }
    return values;
  }

  /** The columns of a Gaussian matrix made orthonormal by Gram-Schmidt, as [row][column]. */
  private static double[][] orthogonal(int d, SplittableRandom random) {
    double[][] columns = new double[d][];
    for (int k = 0; k < d; k++) {
      double[] col = gaussian(d, 1, random);
      for (int twice = 0; twice < 2; twice++) { // re-orthogonalized once for accuracy
        for (int j = 0; j < k; j++) {
          double dot = 0;
          for (int i = 0; i < d; i++) {
            dot += col[i] * columns[j][i];
          }
          for (int i = 0; i < d; i++) {
            col[i] -= dot * columns[j][i];
          }
        }
      }
      double norm = 0;
      for (double x : col) {
        norm += x * x;
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < d; i++) {
        col[i] /= norm;
      }
      columns[k] = col;
    }
    double[][] m = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int k = 0; k < d; k++) {
        m[i][k] = columns[k][i];
      }
    }
    return m;
  }

  private static double[] transposeTimes(double[][] m, double[] v) {
    double[] out = new double[v.length];
    for (int k = 0; k < v.length; k++) {
      for (int i = 0; i < v.length; i++) {
        out[k] += m[i][k] * v[i];
      }
    }
    return out;
  }

  private static double[] scaled(double[] v, double[] singular) {
    double[] out = new double[v.length];
    for (int k = 0; k < v.length; k++) {
      out[k] = v[k] / singular[k];
    }
    return out;
  }

  private static double[] times(double[][] m, double[] v, double sign) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      for (int k = 0; k < v.length; k++) {
        out[i] += m[i][k] * v[k];
      }
      out[i] *= sign;
    }
    return out;
  }
}
