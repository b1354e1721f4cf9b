package ai.equilibrium.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class FeatureMomentsTest {
  private static final int D = 6;

  /** Correlated samples with means a few standard deviations from 0, as network features have. */
  private static double[][] samples(int n, long seed) {
    return samples(n, seed, 3.0);
  }

  /** Correlated samples whose means are {@code meanScale} times their standard deviations. */
  private static double[][] samples(int n, long seed, double meanScale) {
    Random random = new Random(seed);
    double[][] rows = new double[n][D];
    for (double[] row : rows) {
      double shared = random.nextGaussian();
      for (int j = 0; j < D; j++) {
        row[j] = (j + 1) * (meanScale + random.nextGaussian()) + 0.5 * j * shared;
      }
    }
    return rows;
  }

  private static double[] directMean(double[][] rows) {
    double[] mean = new double[D];
    for (double[] row : rows) {
      for (int j = 0; j < D; j++) {
        mean[j] += row[j] / rows.length;
      }
    }
    return mean;
  }

  /** Two-pass covariance: centre first, then average the products with divisor n - 1. */
  private static double[][] directCovariance(double[][] rows) {
    double[] mean = directMean(rows);
    double[][] covariance = new double[D][D];
    for (double[] row : rows) {
      for (int i = 0; i < D; i++) {
        for (int j = 0; j < D; j++) {
          covariance[i][j] += (row[i] - mean[i]) * (row[j] - mean[j]) / (rows.length - 1);
        }
      }
    }
    return covariance;
  }

  private static void assertClose(double[] expected, double[] actual, double relative) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], relative * Math.max(1, Math.abs(expected[i])), "entry " + i);
    }
  }

  private static void assertClose(double[][] expected, double[][] actual, double relative) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertClose(expected[i], actual[i], relative);
    }
  }

  @Test
  void meanAndCovarianceMatchADirectTwoPassComputation() {
    double[][] rows = samples(500, 1);
    FeatureMoments moments = FeatureMoments.of(Nd4j.createFromArray(rows));
    assertEquals(500, moments.count());
    assertEquals(D, moments.dimension());
    assertClose(directMean(rows), moments.mean(), 1e-12);
    assertClose(directCovariance(rows), moments.covariance(), 1e-12);
  }

  @Test
  void meansFarFromZeroCostTheDocumentedDigitsOnly() {
    // mean² / variance ≈ 100: the one-pass formula loses about 2 of its 16 digits, no more
    double[][] rows = samples(500, 8, 10.0);
    FeatureMoments moments = FeatureMoments.of(Nd4j.createFromArray(rows));
    assertClose(directMean(rows), moments.mean(), 1e-12);
    assertClose(directCovariance(rows), moments.covariance(), 1e-11);
  }

  @Test
  void mergingTwoHalvesGivesTheMomentsOfTheWhole() {
    double[][] rows = samples(401, 2);
    FeatureMoments whole = FeatureMoments.of(Nd4j.createFromArray(rows));
    FeatureMoments first = FeatureMoments.of(Nd4j.createFromArray(Arrays.copyOfRange(rows, 0, 173)));
    FeatureMoments second = FeatureMoments.of(Nd4j.createFromArray(Arrays.copyOfRange(rows, 173, 401)));

    FeatureMoments merged = first.merge(second);
    assertSame(first, merged, "merge mutates and returns the receiver");
    assertEquals(401, merged.count());
    assertClose(whole.mean(), merged.mean(), 1e-12);
    assertClose(whole.covariance(), merged.covariance(), 1e-12);
  }

  @Test
  void mergeIsAssociativeAndEmptyIsItsIdentity() {
    double[][] rows = samples(300, 3);
    FeatureMoments[] parts = new FeatureMoments[3];
    for (int p = 0; p < 3; p++) {
      parts[p] = FeatureMoments.empty(D);
      parts[p].add(Arrays.copyOfRange(rows, p * 100, (p + 1) * 100));
    }
    // (a + b) + c against a + (b + c), on fresh copies since merge mutates
    FeatureMoments left = copy(parts[0]).merge(copy(parts[1])).merge(copy(parts[2]));
    FeatureMoments right = copy(parts[0]).merge(copy(parts[1]).merge(copy(parts[2])));
    FeatureMoments withIdentity = FeatureMoments.empty(D).merge(copy(left)).merge(FeatureMoments.empty(D));
    assertClose(left.covariance(), right.covariance(), 1e-12);
    assertClose(left.covariance(), withIdentity.covariance(), 0.0);
    assertClose(directCovariance(rows), left.covariance(), 1e-11);
  }

  @Test
  void floatFeaturesAreAccumulatedInDouble() {
    double[][] rows = samples(200, 4);
    float[][] floats = new float[rows.length][D];
    double[][] widened = new double[rows.length][D];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < D; j++) {
        floats[i][j] = (float) rows[i][j];
        widened[i][j] = floats[i][j];
      }
    }
    FeatureMoments fromFloats = FeatureMoments.of(Nd4j.createFromArray(floats));
    // the float values, widened exactly, summed in double: agreement far beyond float precision
    assertClose(directMean(widened), fromFloats.mean(), 1e-13);
    assertClose(directCovariance(widened), fromFloats.covariance(), 1e-11);
  }

  @Test
  void aTransposedViewIsReadByLogicalLayout() {
    double[][] rows = samples(50, 5);
    FeatureMoments fromView = FeatureMoments.of(Nd4j.createFromArray(rows).transpose().dup('c').transpose());
    assertClose(FeatureMoments.of(Nd4j.createFromArray(rows)).covariance(), fromView.covariance(), 1e-12);
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    FeatureMoments moments = FeatureMoments.of(Nd4j.createFromArray(samples(40, 6)));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(moments);
    }
    FeatureMoments back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (FeatureMoments) in.readObject();
    }
    assertEquals(moments.count(), back.count());
    assertClose(moments.covariance(), back.covariance(), 0.0);
  }

  @Test
  void rejectsMismatchedDimensionsAndTooFewSamples() {
    FeatureMoments six = FeatureMoments.empty(D);
    IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
        () -> six.merge(FeatureMoments.empty(D + 1)));
    assertTrue(mismatch.getMessage().contains("dimension 7"), mismatch.getMessage());
    assertThrows(IllegalArgumentException.class, () -> six.add(Nd4j.zeros(DataType.FLOAT, 3, D + 1)));

    six.add(new double[][] {new double[D]});
    assertEquals(1, six.count());
    IllegalStateException tooFew = assertThrows(IllegalStateException.class, six::covariance);
    assertTrue(tooFew.getMessage().contains("at least 2"), tooFew.getMessage());
  }

  private static FeatureMoments copy(FeatureMoments moments) {
    return FeatureMoments.empty(moments.dimension()).merge(moments);
  }
}
