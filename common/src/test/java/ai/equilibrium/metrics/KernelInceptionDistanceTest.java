package ai.equilibrium.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class KernelInceptionDistanceTest {
  private static final double[][] X = {{0, 1}, {1, 0}, {2, 2}};
  private static final double[][] Y = {{1, 1}, {0, -1}, {3, 0.5}};

  /** k(a, b) = (a·b / d + 1)³, written out. */
  private static double kernel(double[] a, double[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return Math.pow(dot / a.length + 1, 3);
  }

  /** The unbiased MMD² estimator, term by term. */
  private static double bruteForceMmd(double[][] x, double[][] y) {
    double withinX = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x.length; j++) {
        withinX += i == j ? 0 : kernel(x[i], x[j]);
      }
    }
    double withinY = 0;
    for (int i = 0; i < y.length; i++) {
      for (int j = 0; j < y.length; j++) {
        withinY += i == j ? 0 : kernel(y[i], y[j]);
      }
    }
    double across = 0;
    for (double[] a : x) {
      for (double[] b : y) {
        across += kernel(a, b);
      }
    }
    int m = x.length;
    int n = y.length;
    return withinX / (m * (m - 1.0)) + withinY / (n * (n - 1.0)) - 2 * across / ((double) m * n);
  }

  @Test
  void theEstimatorMatchesABruteForceComputationOnAHandExample() {
    double expected = bruteForceMmd(X, Y);
    assertEquals(expected, KernelInceptionDistance.unbiasedMmdSquared(Nd4j.createFromArray(X),
        Nd4j.createFromArray(Y)), 1e-12);
    // one subset of every row is a permutation of each set, and the estimator does not depend on order
    KernelInceptionDistance kid = KernelInceptionDistance.of(Nd4j.createFromArray(X), Nd4j.createFromArray(Y),
        1, 3, 5L);
    assertEquals(expected, kid.mean(), 1e-12);
    assertEquals(0, kid.standardDeviation(), 0.0);
    assertEquals(1, kid.subsets());
    assertEquals(3, kid.subsetSize());
  }

  @Test
  void theEstimatorHandlesSetsOfDifferentSizes() {
    double[][] twoPoints = {{0.5, -0.5}, {1, 2}};
    assertEquals(bruteForceMmd(twoPoints, Y), KernelInceptionDistance.unbiasedMmdSquared(
        Nd4j.createFromArray(twoPoints), Nd4j.createFromArray(Y)), 1e-12);
  }

  @Test
  void subsetsOfTwoOneDimensionalPointsGiveTheClosedForm() {
    // m = 2 in 1-D with x = {0, 1}, y = {0, 2}: k(a, b) = (ab + 1)³.
    // within x: 2 k(0, 1) / 2 = 1; within y: 2 k(0, 2) / 2 = 1;
    // across: k(0,0) + k(0,2) + k(1,0) + k(1,2) = 1 + 1 + 1 + 27 = 30, so MMD² = 1 + 1 - 2 * 30 / 4 = -13.
    INDArray x = Nd4j.createFromArray(new double[][] {{0}, {1}});
    INDArray y = Nd4j.createFromArray(new double[][] {{0}, {2}});
    assertEquals(-13, KernelInceptionDistance.unbiasedMmdSquared(x, y), 1e-12);
  }

  @Test
  void setsFromTheSameDistributionScoreNearZeroAgainstAShiftedSet() {
    INDArray real = gaussian(1000, 16, 0.0, 1);
    INDArray same = gaussian(1000, 16, 0.0, 2);
    INDArray shifted = gaussian(1000, 16, 0.5, 3);
    KernelInceptionDistance matched = KernelInceptionDistance.of(real, same, 50, 200, 7L);
    KernelInceptionDistance apart = KernelInceptionDistance.of(real, shifted, 50, 200, 7L);
    assertTrue(apart.mean() > 5 * apart.standardDeviation(), "shifted: " + apart);
    assertTrue(Math.abs(matched.mean()) < 0.05 * apart.mean(), "same " + matched + " against shifted " + apart);
    assertTrue(matched.standardDeviation() > 0, "subsets differ, so their estimates do: " + matched);
  }

  @Test
  void theSeedMakesTheScoreReproducible() {
    INDArray real = gaussian(120, 4, 0.0, 4);
    INDArray generated = gaussian(100, 4, 0.2, 5);
    KernelInceptionDistance first = KernelInceptionDistance.of(real, generated, 10, 50, 99L);
    assertEquals(first, KernelInceptionDistance.of(real, generated, 10, 50, 99L));
    assertNotEquals(first.mean(), KernelInceptionDistance.of(real, generated, 10, 50, 100L).mean());
    // the defaults cap the subset size at the smaller set
    KernelInceptionDistance defaults = KernelInceptionDistance.of(real, generated, 1L);
    assertEquals(KernelInceptionDistance.DEFAULT_SUBSETS, defaults.subsets());
    assertEquals(100, defaults.subsetSize());
  }

  @Test
  void rejectsSubsetsLargerThanASetOrMismatchedDimensions() {
    INDArray three = Nd4j.createFromArray(X);
    assertThrows(IllegalArgumentException.class, () -> KernelInceptionDistance.of(three, three, 1, 4, 1L));
    assertThrows(IllegalArgumentException.class, () -> KernelInceptionDistance.of(three, three, 1, 1, 1L));
    assertThrows(IllegalArgumentException.class, () -> KernelInceptionDistance.of(three, three, 0, 2, 1L));
    assertThrows(IllegalArgumentException.class,
        () -> KernelInceptionDistance.of(three, Nd4j.createFromArray(new double[][] {{1}, {2}, {3}}), 1, 2, 1L));
  }

  private static INDArray gaussian(int n, int d, double shift, long seed) {
    Random random = new Random(seed);
    float[][] rows = new float[n][d];
    for (float[] row : rows) {
      for (int j = 0; j < d; j++) {
        row[j] = (float) (shift + random.nextGaussian());
      }
    }
    return Nd4j.createFromArray(rows);
  }
}
