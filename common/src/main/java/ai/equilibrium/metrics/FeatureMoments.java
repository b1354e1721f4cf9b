package ai.equilibrium.metrics;

import java.io.Serializable;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The sufficient statistics of a set of feature vectors for the Fréchet distance: the count, the sum of the
 * vectors and the sum of their outer products, all in double precision whatever the features' type.
 *
 * <p>A monoid: {@link #empty} is the identity and {@link #merge} adds, so executors can summarise their
 * partitions and a tree aggregation can combine the summaries. Sums are exact up to double rounding, so the
 * result does not depend on how the samples were split or the order in which summaries are merged.
 *
 * <p>The outer-product sum is kept as the full d x d matrix in row-major order ({@code [i * d + j]}), not as a
 * triangle: BLAS produces the full product and the covariance is read back without index arithmetic. At
 * d = 2048 that is 32 MiB per summary.
 *
 * <p>The covariance is recovered as (Σxxᵀ - n μμᵀ) / (n - 1), which loses about log10(|μ|² / σ²) digits to
 * cancellation; with 16 digits available that is harmless for network features, whose means are of the
 * order of their spread.
 *
 * <p>{@link #merge} mutates and returns this instance (Spark's aggregate contract allows it). Not thread-safe.
 */
public final class FeatureMoments implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int dimension;
  private final double[] sum;
  private final double[] outerProductSum;
  private long count;

  private FeatureMoments(int dimension) {
    this.dimension = dimension;
    this.sum = new double[dimension];
    this.outerProductSum = new double[Math.multiplyExact(dimension, dimension)];
  }

  /** Moments of no samples, the identity of {@link #merge}. */
  public static FeatureMoments empty(int dimension) {
    if (dimension < 1) {
      throw new IllegalArgumentException("feature dimension must be positive, got " + dimension);
    }
    return new FeatureMoments(dimension);
  }

  /** Moments of the rows of {@code features} ([n, d]). */
  public static FeatureMoments of(INDArray features) {
    FeatureMoments moments = empty((int) features.columns());
    moments.add(features);
    return moments;
  }

  /**
   * Adds a batch of samples.
   *
   * @param features [n, {@link #dimension()}], one sample per row, any floating-point type
   */
  public void add(INDArray features) {
    if (features.rank() != 2 || features.columns() != dimension) {
      throw new IllegalArgumentException("expected features of shape [n, " + dimension + "], got "
          + Arrays.toString(features.shape()));
    }
    if (features.rows() == 0) {
      return;
    }
    // A fresh row-major double copy: any input type or view layout, and sums accumulate in double.
    INDArray x = Nd4j.createUninitialized(DataType.DOUBLE, features.shape(), 'c').assign(features);
    double[] batchSum = x.sum(0).toDoubleVector();
    // One BLAS gemm for Σ x xᵀ = XᵀX; a Java triple loop would be d² n multiply-adds at d = 2048.
    double[] batchOuter = Nd4j.toFlattened('c', Nd4j.gemm(x, x, true, false)).toDoubleVector();
    addTo(sum, batchSum);
    addTo(outerProductSum, batchOuter);
    count += features.rows();
  }

  /** Adds samples given as rows of length {@link #dimension()}. */
  public void add(double[][] rows) {
    if (rows.length == 0) {
      return;
    }
    for (double[] row : rows) {
      if (row.length != dimension) {
        throw new IllegalArgumentException("expected rows of length " + dimension + ", got " + row.length);
      }
    }
    add(Nd4j.createFromArray(rows));
  }

  /** Adds another summary into this one and returns this; both must have the same dimension. */
  public FeatureMoments merge(FeatureMoments other) {
    if (other.dimension != dimension) {
      throw new IllegalArgumentException("cannot merge feature moments of dimension " + other.dimension
          + " into moments of dimension " + dimension + "; were they made by different feature extractors?");
    }
    addTo(sum, other.sum);
    addTo(outerProductSum, other.outerProductSum);
    count += other.count;
    return this;
  }

  public int dimension() {
    return dimension;
  }

  /** The number of samples added. */
  public long count() {
    return count;
  }

  /** The sample mean. */
  public double[] mean() {
    if (count == 0) {
      throw new IllegalStateException("the mean of no samples is undefined");
    }
    double[] mean = new double[dimension];
    for (int i = 0; i < dimension; i++) {
      mean[i] = sum[i] / count;
    }
    return mean;
  }

  /** The unbiased sample covariance (divisor n - 1), exactly symmetric. */
  public double[][] covariance() {
    if (count < 2) {
      throw new IllegalStateException("the sample covariance needs at least 2 samples, have " + count);
    }
    double[][] covariance = new double[dimension][dimension];
    for (int i = 0; i < dimension; i++) {
      for (int j = i; j < dimension; j++) {
        // Average the two triangles: gemm does not promise a bit-symmetric XᵀX.
        double outer = 0.5 * (outerProductSum[i * dimension + j] + outerProductSum[j * dimension + i]);
        double c = (outer - sum[i] * sum[j] / count) / (count - 1);
        covariance[i][j] = c;
        covariance[j][i] = c;
      }
    }
    return covariance;
  }

  private static void addTo(double[] target, double[] addend) {
    for (int i = 0; i < target.length; i++) {
      target[i] += addend[i];
    }
  }

  @Override
  public String toString() {
    return "FeatureMoments{dimension=" + dimension + ", count=" + count + "}";
  }
}
