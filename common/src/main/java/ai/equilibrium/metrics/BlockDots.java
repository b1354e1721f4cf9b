package ai.equilibrium.metrics;

import ai.equilibrium.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The dot products a·bᵀ of a block of rows against a set, row-major on the heap, computed into one native buffer
 * and one heap array that are reused from block to block. An evaluation's precision/recall and KID take hundreds
 * of such blocks (tens of MB each); fresh arrays per block left gigabytes of native garbage per evaluation, which
 * only a garbage collection of their Java wrappers returns. The gemm is the one {@code Nd4j.gemm(a, b, false,
 * true)} runs, into the same row-major layout, so the products are the same bits.
 */
final class BlockDots {
  /** Flat native storage for the largest block so far; each block's [m, n] matrix is its first m n entries. */
  private INDArray storage;
  private double[] rowMajor = new double[0];
  /** Flat native storage for the rows of the largest block so far, when a block is a range of a set's rows. */
  private INDArray rowStorage;

  /**
   * a·bᵀ for [m, d] a and [n, d] b of the same type, at {@code [i * n + j]} of the returned array, which is valid
   * until the next call (it may be longer than m n).
   */
  double[] of(INDArray a, INDArray b) {
    long entries = a.rows() * b.rows();
    if (storage == null || storage.length() < entries || storage.dataType() != a.dataType()) {
      storage = Nd4j.createUninitialized(a.dataType(), entries);
    }
    // A block's shape changes (a set's last block is shorter, the next set's first is full again); a fresh matrix
    // per shape was 32 MiB of native garbage each time, so every shape is a row-major matrix over the same storage.
    INDArray product = Nd4j.create(storage.data(), new long[] {a.rows(), b.rows()});
    Nd4j.gemm(a, b, product, false, true, 1.0, 0.0);
    if (rowMajor.length < entries) {
      rowMajor = new double[(int) entries];
    }
    HostArrays.doubles(storage).get(rowMajor, 0, (int) entries);
    return rowMajor;
  }

  /** As {@link #of}, for the rows [first, end) of a, copied into storage reused from block to block. */
  double[] ofRows(INDArray a, long first, long end, INDArray b) {
    long entries = (end - first) * a.columns();
    if (rowStorage == null || rowStorage.length() < entries || rowStorage.dataType() != a.dataType()) {
      rowStorage = Nd4j.createUninitialized(a.dataType(), entries);
    }
    INDArray rows = Nd4j.create(rowStorage.data(), new long[] {end - first, a.columns()});
    rows.assign(a.get(NDArrayIndex.interval(first, end), NDArrayIndex.all()));
    return of(rows, b);
  }
}
