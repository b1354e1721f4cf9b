package ai.equilibrium.metrics;

import ai.equilibrium.tensor.HostArrays;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Kernel Inception Distance (Bińkowski et al., "Demystifying MMD GANs", 2018): the unbiased estimate of the
 * squared maximum mean discrepancy between real and generated features under the cubic polynomial kernel
 * k(x, y) = (x·y / d + 1)³, averaged over random subsets. Unlike FID it has an unbiased estimator, so scores
 * from different sample counts are comparable; it can be slightly negative when the two sets match.
 *
 * <p>Each subset draws {@code subsetSize} rows without replacement from each set, independently per subset,
 * from a {@link SplittableRandom} seeded by the caller, so a score is reproducible.
 *
 * @param mean              the estimate averaged over subsets
 * @param standardDeviation the spread of the per-subset estimates (divisor: the number of subsets, as in the
 *                          reference implementations)
 * @param subsets           the number of subsets
 * @param subsetSize        the rows drawn from each set per subset
 */
public record KernelInceptionDistance(double mean, double standardDeviation, int subsets, int subsetSize) {

  /** The subset count of the reference implementation. */
  public static final int DEFAULT_SUBSETS = 100;

  /** The subset size of the reference implementation. */
  public static final int DEFAULT_SUBSET_SIZE = 1000;

  /**
   * KID with {@link #DEFAULT_SUBSETS} subsets of {@link #DEFAULT_SUBSET_SIZE} rows, or of every row of the
   * smaller set when it has fewer.
   */
  public static KernelInceptionDistance of(INDArray real, INDArray generated, long seed) {
    int subsetSize = (int) Math.min(DEFAULT_SUBSET_SIZE, Math.min(real.rows(), generated.rows()));
    return of(real, generated, DEFAULT_SUBSETS, subsetSize, seed);
  }

  /**
   * KID over {@code subsets} random subsets.
   *
   * @param real       [n real, d] features
   * @param generated  [n generated, d] features of the same extractor
   * @param subsetSize rows per set per subset, at least 2 and at most the size of either set
   */
  public static KernelInceptionDistance of(INDArray real, INDArray generated, int subsets, int subsetSize,
      long seed) {
    requireFeatures(real, "real");
    requireFeatures(generated, "generated");
    if (real.columns() != generated.columns()) {
      throw new IllegalArgumentException("real and generated features have dimensions " + real.columns()
          + " and " + generated.columns());
    }
    if (subsets < 1) {
      throw new IllegalArgumentException("KID needs at least one subset, got " + subsets);
    }
    if (subsetSize < 2 || subsetSize > real.rows() || subsetSize > generated.rows()) {
      throw new IllegalArgumentException("subset size must be in [2, " + Math.min(real.rows(), generated.rows())
          + "] for " + real.rows() + " real and " + generated.rows() + " generated rows, got " + subsetSize);
    }
    int d = (int) real.columns();
    double[] realRows = rowMajorDoubles(real);
    double[] generatedRows = rowMajorDoubles(generated);
    int[] realOrder = identity((int) real.rows());
    int[] generatedOrder = identity((int) generated.rows());
    SplittableRandom random = new SplittableRandom(seed);

    // every subset reuses the same arrays: a hundred subsets' fresh ones were gigabytes of native garbage
    double[] picked = new double[subsetSize * d];
    INDArray x = Nd4j.createUninitialized(DataType.DOUBLE, new long[] {subsetSize, d}, 'c');
    INDArray y = Nd4j.createUninitialized(DataType.DOUBLE, new long[] {subsetSize, d}, 'c');
    BlockDots dots = new BlockDots();
    double[] estimates = new double[subsets];
    for (int s = 0; s < subsets; s++) {
      HostArrays.copyInto(subset(realRows, d, realOrder, picked, random), x);
      HostArrays.copyInto(subset(generatedRows, d, generatedOrder, picked, random), y);
      estimates[s] = mmdSquared(x, y, dots);
    }
    double mean = Arrays.stream(estimates).average().orElseThrow();
    double squaredDeviations = 0;
    for (double e : estimates) {
      squaredDeviations += (e - mean) * (e - mean);
    }
    return new KernelInceptionDistance(mean, Math.sqrt(squaredDeviations / subsets), subsets, subsetSize);
  }

  /**
   * The unbiased MMD² estimate under the cubic polynomial kernel for one pair of samples:
   * Σ_{i≠j} k(xi, xj) / (m(m-1)) + Σ_{i≠j} k(yi, yj) / (n(n-1)) - 2 Σ_{i,j} k(xi, yj) / (mn).
   *
   * @param x [m, d], m ≥ 2
   * @param y [n, d], n ≥ 2
   */
  public static double unbiasedMmdSquared(INDArray x, INDArray y) {
    requireFeatures(x, "x");
    requireFeatures(y, "y");
    if (x.rows() < 2 || y.rows() < 2 || x.columns() != y.columns()) {
      throw new IllegalArgumentException("the unbiased MMD needs [m >= 2, d] and [n >= 2, d] samples, got "
          + Arrays.toString(x.shape()) + " and " + Arrays.toString(y.shape()));
    }
    return mmdSquared(doubleCopy(x), doubleCopy(y), new BlockDots());
  }

  /** The estimate for row-major DOUBLE samples. */
  private static double mmdSquared(INDArray x, INDArray y, BlockDots dots) {
    double m = x.rows();
    double n = y.rows();
    double withinX = kernelSum(x, x, true, dots);
    double withinY = kernelSum(y, y, true, dots);
    double across = kernelSum(x, y, false, dots);
    return withinX / (m * (m - 1)) + withinY / (n * (n - 1)) - 2 * across / (m * n);
  }

  /** Σ k(ai, bj) over all pairs, or over pairs i ≠ j when a and b are the same sample. */
  private static double kernelSum(INDArray a, INDArray b, boolean skipDiagonal, BlockDots blockDots) {
    int rows = (int) a.rows();
    int columns = (int) b.rows();
    double d = a.columns();
    // One gemm for every dot product; the cheap elementwise kernel is then applied in a single pass.
    double[] dots = blockDots.of(a, b);
    double sum = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < columns; j++) {
        if (skipDiagonal && i == j) {
          continue;
        }
        double base = dots[i * columns + j] / d + 1;
        sum += base * base * base;
      }
    }
    return sum;
  }

  /** Draws picked.length / d distinct rows into picked, with a partial Fisher-Yates shuffle of {@code order}. */
  private static double[] subset(double[] rows, int d, int[] order, double[] picked, SplittableRandom random) {
    int size = picked.length / d;
    for (int i = 0; i < size; i++) {
      int j = i + random.nextInt(order.length - i);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
      System.arraycopy(rows, order[i] * d, picked, i * d, d);
    }
    return picked;
  }

  private static double[] rowMajorDoubles(INDArray features) {
    return Nd4j.toFlattened('c', features.castTo(DataType.DOUBLE)).toDoubleVector();
  }

  /** A fresh row-major DOUBLE copy, whatever the input's type or view layout. */
  private static INDArray doubleCopy(INDArray features) {
    return Nd4j.createUninitialized(DataType.DOUBLE, features.shape(), 'c').assign(features);
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  private static void requireFeatures(INDArray features, String name) {
    if (features.rank() != 2) {
      throw new IllegalArgumentException(name + " features must be [n, d], got " + Arrays.toString(features.shape()));
    }
  }
}
