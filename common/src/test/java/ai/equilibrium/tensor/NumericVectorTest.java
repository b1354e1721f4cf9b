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

  @Test
  void sumsAddedFromNativeArraysHoldTheBitsOfNativeAddsAndSubtracts() {
    for (DataType precision : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(11);
      var first = org.nd4j.linalg.factory.Nd4j.randn(precision, 1000).muli(1e3);
      var second = org.nd4j.linalg.factory.Nd4j.randn(precision, 1000).muli(1e-3);
      var third = org.nd4j.linalg.factory.Nd4j.randn(precision, 1000);
      // what the shard's sums were: a native copy of the first pass, then native adds and subtracts
      var nativeSum = first.neg().addi(second).subi(third);
      NumericVector heapSum = NumericVector.copyOf(first).negated().addInPlace(second, false)
          .addInPlace(third, true);
      assertEquals(NumericVector.copyOf(nativeSum), heapSum, precision.toString());
      // a [1, n] vector in 'f' order, as DL4J's flattened gradients are: the same layout, the same bits
      var columnMajorRow = org.nd4j.linalg.factory.Nd4j.create(precision, new long[] {1, 1000}, 'f')
          .assign(third.reshape(1, 1000));
      assertEquals(NumericVector.copyOf(first.sub(third)),
          NumericVector.copyOf(first).addInPlace(columnMajorRow, true), precision + ", 'f' order");
      // a view that is not its whole buffer takes the copying path, with the same bits
      var view = org.nd4j.linalg.factory.Nd4j.concat(0, second, third).get(
          org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1000));
      assertEquals(NumericVector.copyOf(first.add(second)), NumericVector.copyOf(first).addInPlace(view, false));
    }
  }
}
