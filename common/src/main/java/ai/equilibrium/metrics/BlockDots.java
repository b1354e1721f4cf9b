package ai.equilibrium.metrics;

import ai.equilibrium.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dot products a·bᵀ of a block of rows against a set, row-major on the heap, computed into one native matrix
 * and one heap array that are reused from block to block. An evaluation's precision/recall and KID take hundreds
 * of such blocks (tens of MB each); fresh arrays per block left gigabytes of native garbage per evaluation, which
 * only a garbage collection of their Java wrappers returns. The gemm is the one {@code Nd4j.gemm(a, b, false,
 * true)} runs, into the same row-major layout, so the products are the same bits.
 */
final class BlockDots {
  private INDArray product;
  private double[] rowMajor = new double[0];

  /**
   * a·bᵀ for [m, d] a and [n, d] b of the same type, at {@code [i * n + j]} of the returned array, which is valid
   * until the next call (it may be longer than m n).
   */
  double[] of(INDArray a, INDArray b) {
    int m = (int) a.rows();
    int n = (int) b.rows();
    if (product == null || product.rows() != m || product.columns() != n || product.dataType() != a.dataType()) {
      product = Nd4j.createUninitialized(a.dataType(), new long[] {m, n}, 'c');
    }
    Nd4j.gemm(a, b, product, false, true, 1.0, 0.0);
    if (rowMajor.length < m * n) {
      rowMajor = new double[m * n];
    }
    HostArrays.doubles(product).get(rowMajor, 0, m * n);
    return rowMajor;
  }
}
