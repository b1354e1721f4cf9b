package ai.equilibrium.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class NumericVectorTest {

  @Test
  void firstNonFiniteFindsNaNAndInfinitiesInEitherPrecision() {
    for (DataType precision : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      assertEquals(-1, NumericVector.of(new double[] {1, -2, 3e30, 0}, precision).firstNonFinite());
      assertEquals(2, NumericVector.of(new double[] {1, -2, Double.NaN, Double.POSITIVE_INFINITY}, precision)
          .firstNonFinite(), precision.toString());
      assertEquals(0, NumericVector.of(new double[] {Double.NEGATIVE_INFINITY}, precision).firstNonFinite());
    }
    // finite as a double, infinite once rounded to float
    assertEquals(0, NumericVector.of(new double[] {1e39}, DataType.FLOAT).firstNonFinite());
  }

  @Test
  void scaleIntoWritesTheScaledRangeOnly() {
    double[] out = {9, 9, 9, 9};
    NumericVector.of(new double[] {1, 2, 3, 4}, DataType.FLOAT).scaleInto(0.5, out, 1, 3);
    assertArrayEquals(new double[] {9, 1, 1.5, 9}, out, 0.0);
    NumericVector.of(new double[] {0.1, 0.2, 0.3}, DataType.DOUBLE).scaleInto(3, out, 0, 3);
    assertArrayEquals(new double[] {3 * 0.1, 3 * 0.2, 3 * 0.3, 9}, out, 0.0);
  }
}
