package ai.equilibrium.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

class FrechetDistanceTest {
  private static final double[][] SYMMETRIC = {{4, 1, 0.5}, {1, 3, 0.2}, {0.5, 0.2, 2}};

  @Test
  void lapackThroughNd4jReturnsEigenvectorsAsColumnsInEitherOrder() {
    for (char order : new char[] {'c', 'f'}) {
      INDArray vectors = Nd4j.createFromArray(SYMMETRIC).dup(order);
      double[] values = Eigen.symmetricGeneralizedEigenvalues(vectors, true).toDoubleVector();
      assertColumnsAreEigenvectors(vectors, values, order);
    }
    INDArray vectors = Nd4j.createFromArray(SYMMETRIC);
    double[] values = FrechetDistance.symmetricEigenvalues(vectors, true);
    assertColumnsAreEigenvectors(vectors, values, 'c');
    double[] valuesOnly = FrechetDistance.symmetricEigenvalues(Nd4j.createFromArray(SYMMETRIC), false);
    for (int j = 0; j < 3; j++) {
      assertEquals(values[j], valuesOnly[j], 1e-12);
    }
  }

  private static void assertColumnsAreEigenvectors(INDArray vectors, double[] values, char order) {
    double columnResidual = 0;
    double rowResidual = 0;
    for (int j = 0; j < 3; j++) {
      for (int i = 0; i < 3; i++) {
        double columnProduct = 0;
        double rowProduct = 0;
        for (int k = 0; k < 3; k++) {
          columnProduct += SYMMETRIC[i][k] * vectors.getDouble(k, j);
          rowProduct += SYMMETRIC[i][k] * vectors.getDouble(j, k);
        }
        columnResidual = Math.max(columnResidual, Math.abs(columnProduct - values[j] * vectors.getDouble(i, j)));
        rowResidual = Math.max(rowResidual, Math.abs(rowProduct - values[j] * vectors.getDouble(j, i)));
      }
    }
    assertTrue(columnResidual < 1e-12, "order " + order + ": A v = λ v fails for columns: " + columnResidual);
    // this matrix's eigenvector matrix is not symmetric, so reading rows would be detectably wrong
    assertTrue(rowResidual > 1e-3, "order " + order + ": rows look like eigenvectors too: " + rowResidual);
  }

  @Test
  void equalCovariancesLeaveOnlyTheSquaredMeanDifference() {
    // S1 = S2 = S: Tr((S^½ S S^½)^½) = Tr(S), so the trace terms cancel and FD = ||μ1 - μ2||².
    double[][] s = {{4, 1, 0.5, 0}, {1, 3, 0.2, -0.4}, {0.5, 0.2, 2, 0.1}, {0, -0.4, 0.1, 1}};
    double[] mu1 = {1, 2, 3, 4};
    double[] mu2 = {0, 2.5, 1, 4};
    assertEquals(1 + 0.25 + 4, FrechetDistance.between(mu1, s, mu2, s), 1e-12);
  }

  @Test
  void diagonalCovariancesGiveTheSumOfSquaredStandardDeviationDifferences() {
    // Diagonal S1, S2 commute: (S1^½ S2 S1^½)^½ = (S1 S2)^½ = diag(sqrt(s1i s2i)), so
    // Tr(S1 + S2 - 2 (S1 S2)^½) = Σ (s1i + s2i - 2 sqrt(s1i s2i)) = Σ (sqrt(s1i) - sqrt(s2i))².
    double[][] s1 = {{4, 0, 0}, {0, 9, 0}, {0, 0, 0.25}};
    double[][] s2 = {{1, 0, 0}, {0, 16, 0}, {0, 0, 0.25}};
    double[] mu1 = {0, 0, 1};
    double[] mu2 = {3, 0, 0};
    double expected = (9 + 1) + (2 - 1) * (2 - 1) + (3 - 4) * (3 - 4) + 0;
    assertEquals(expected, FrechetDistance.between(mu1, s1, mu2, s2), 1e-12);
  }

  @Test
  void nonCommutingTwoByTwoPairMatchesTheClosedForm() {
    // S1 = [[2, 1], [1, 2]] and S2 = diag(1, 4) do not commute (S1 S2 = [[2, 4], [1, 8]] ≠ S2 S1).
    // For a 2x2 PSD M, sqrt(M) = (M + sqrt(det M) I) / sqrt(tr M + 2 sqrt(det M)), so
    // Tr(sqrt(M)) = sqrt(tr M + 2 sqrt(det M)). M = S1^½ S2 S1^½ has tr M = tr(S1 S2) = 10 and
    // det M = det S1 det S2 = 3 * 4 = 12, so Tr(sqrt(M)) = sqrt(10 + 2 sqrt(12)) and
    // FD = tr S1 + tr S2 - 2 sqrt(10 + 4 sqrt(3)) = 4 + 5 - 2 sqrt(10 + 4 sqrt(3)) ≈ 0.7712204.
    double[][] s1 = {{2, 1}, {1, 2}};
    double[][] s2 = {{1, 0}, {0, 4}};
    double[] zero = {0, 0};
    double expected = 9 - 2 * Math.sqrt(10 + 4 * Math.sqrt(3));
    assertEquals(0.7712204, expected, 1e-7);
    assertEquals(expected, FrechetDistance.between(zero, s1, zero, s2), 1e-12);
    // The distance is symmetric in its arguments although the formula is not written symmetrically.
    assertEquals(expected, FrechetDistance.between(zero, s2, zero, s1), 1e-12);
  }

  @Test
  void nonCommutingThreeByThreePairMatchesTheEigenvaluesOfTheProduct() {
    // S1^½ S2 S1^½ = S1^-½ (S1 S2) S1^½ is similar to S1 S2, so Tr((S1^½ S2 S1^½)^½) = Σ sqrt(λk) over the
    // (real, positive) eigenvalues of S1 S2, found here independently as the roots of its characteristic cubic.
    double[][] s1 = {{4, 1, 0.5}, {1, 3, 0.2}, {0.5, 0.2, 2}};
    double[][] s2 = {{1, -0.3, 0}, {-0.3, 2, 0.7}, {0, 0.7, 5}};
    double[] mu1 = {1, 2, 3};
    double[] mu2 = {0, 2.5, 1};
    double crossTrace = 0;
    for (double lambda : eigenvaluesOf3x3WithRealSpectrum(multiply(s1, s2))) {
      crossTrace += Math.sqrt(lambda);
    }
    double expected = (1 + 0.25 + 4) + (4 + 3 + 2) + (1 + 2 + 5) - 2 * crossTrace;
    assertEquals(expected, FrechetDistance.between(mu1, s1, mu2, s2), 1e-11);

    // FD is invariant under a common rotation of both Gaussians.
    double[][] r = rotation(0.3, 1.1, -0.7);
    double[][] rt = transpose(r);
    double fdRotated = FrechetDistance.between(apply(r, mu1), multiply(multiply(r, s1), rt), apply(r, mu2),
        multiply(multiply(r, s2), rt));
    assertEquals(expected, fdRotated, 1e-11);
  }

  @Test
  void momentsOfTheSameFeaturesAreAtDistanceZero() {
    FeatureMoments moments = FeatureMoments.of(Nd4j.createFromArray(correlatedSamples(3000, 16, 7)));
    double trace = 0;
    double[][] covariance = moments.covariance();
    for (int i = 0; i < covariance.length; i++) {
      trace += covariance[i][i];
    }
    double fd = FrechetDistance.between(moments, moments);
    assertTrue(fd >= 0, "FD " + fd);
    assertTrue(fd < 1e-9 * trace, "FD " + fd + " against trace " + trace);
  }

  @Test
  void distanceGrowsWithTheNoiseAddedToTheSamples() {
    double[][] x = correlatedSamples(2000, 8, 11);
    double[][] noise = correlatedSamples(2000, 8, 12);
    FeatureMoments clean = FeatureMoments.of(Nd4j.createFromArray(x));
    double previous = -1;
    for (double sigma : new double[] {0, 0.1, 0.3, 1, 3}) {
      double[][] noisy = new double[x.length][x[0].length];
      for (int i = 0; i < x.length; i++) {
        for (int j = 0; j < x[0].length; j++) {
          noisy[i][j] = x[i][j] + sigma * noise[i][j];
        }
      }
      double fd = FrechetDistance.between(clean, FeatureMoments.of(Nd4j.createFromArray(noisy)));
      if (sigma == 0) {
        assertEquals(0, fd, 1e-9);
      }
      assertTrue(fd > previous, "FD " + fd + " at sigma " + sigma + " not above " + previous);
      previous = fd;
    }
  }

  @Test
  void aClearlyNegativeResultIsNotHiddenByTheRoundingClip() {
    // cov1 = [[-1]] is not a covariance; its clipped square root is 0, so FD = 0 - 1 + 0 - 0 = -1.
    assertEquals(-1, FrechetDistance.between(new double[] {0}, new double[][] {{-1}}, new double[] {0},
        new double[][] {{0}}), 1e-15);
  }

  @Test
  void rejectsMismatchedShapes() {
    double[][] s = {{1, 0}, {0, 1}};
    assertThrows(IllegalArgumentException.class,
        () -> FrechetDistance.between(new double[] {0, 0}, s, new double[] {0}, s));
    assertThrows(IllegalArgumentException.class,
        () -> FrechetDistance.between(new double[] {0, 0}, s, new double[] {0, 0}, new double[][] {{1}}));
    assertThrows(IllegalArgumentException.class,
        () -> FrechetDistance.between(FeatureMoments.empty(2), FeatureMoments.empty(3)));
  }

  /** Samples x = A z + b with a fixed random mixing A, so the covariance is full and not diagonal. */
  static double[][] correlatedSamples(int n, int d, long seed) {
    Random random = new Random(seed);
    double[][] mixing = new double[d][d];
    Random fixed = new Random(42);
    for (double[] row : mixing) {
      for (int j = 0; j < d; j++) {
        row[j] = fixed.nextGaussian();
      }
    }
    double[][] rows = new double[n][d];
    double[] z = new double[d];
    for (double[] row : rows) {
      for (int j = 0; j < d; j++) {
        z[j] = random.nextGaussian();
      }
      for (int i = 0; i < d; i++) {
        row[i] = i;
        for (int j = 0; j < d; j++) {
          row[i] += mixing[i][j] * z[j];
        }
      }
    }
    return rows;
  }

  /** The roots of det(λI - P) = λ³ - tr(P) λ² + c2 λ - det(P), all real, by the trigonometric method. */
  private static double[] eigenvaluesOf3x3WithRealSpectrum(double[][] p) {
    double a = -(p[0][0] + p[1][1] + p[2][2]);
    double b = p[0][0] * p[1][1] - p[0][1] * p[1][0] + p[0][0] * p[2][2] - p[0][2] * p[2][0]
        + p[1][1] * p[2][2] - p[1][2] * p[2][1];
    double c = -(p[0][0] * (p[1][1] * p[2][2] - p[1][2] * p[2][1])
        - p[0][1] * (p[1][0] * p[2][2] - p[1][2] * p[2][0])
        + p[0][2] * (p[1][0] * p[2][1] - p[1][1] * p[2][0]));
    // depressed cubic t³ + pp t + qq = 0 with λ = t - a/3
    double pp = b - a * a / 3;
    double qq = 2 * a * a * a / 27 - a * b / 3 + c;
    double radius = 2 * Math.sqrt(-pp / 3);
    double angle = Math.acos(3 * qq / (2 * pp) * Math.sqrt(-3 / pp)) / 3;
    double[] roots = new double[3];
    for (int k = 0; k < 3; k++) {
      roots[k] = radius * Math.cos(angle - 2 * Math.PI * k / 3) - a / 3;
    }
    return roots;
  }

  private static double[][] rotation(double alpha, double beta, double gamma) {
    double[][] rz = {{Math.cos(alpha), -Math.sin(alpha), 0}, {Math.sin(alpha), Math.cos(alpha), 0}, {0, 0, 1}};
    double[][] ry = {{Math.cos(beta), 0, Math.sin(beta)}, {0, 1, 0}, {-Math.sin(beta), 0, Math.cos(beta)}};
    double[][] rx = {{1, 0, 0}, {0, Math.cos(gamma), -Math.sin(gamma)}, {0, Math.sin(gamma), Math.cos(gamma)}};
    return multiply(multiply(rz, ry), rx);
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    double[][] c = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b[0].length; j++) {
        for (int k = 0; k < b.length; k++) {
          c[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return c;
  }

  private static double[][] transpose(double[][] a) {
    double[][] t = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }

  private static double[] apply(double[][] a, double[] x) {
    double[] y = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < x.length; j++) {
        y[i] += a[i][j] * x[j];
      }
    }
    return y;
  }
}
