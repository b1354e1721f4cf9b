package ai.equilibrium.metrics;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Improved precision and recall (Kynkäänniemi et al., "Improved Precision and Recall Metric for Assessing
 * Generative Models", 2019). Each set's manifold is approximated by balls around its samples, each of radius
 * the distance to the sample's k-th nearest other sample of the same set. Precision is the fraction of
 * generated samples inside the real manifold (sample quality); recall is the fraction of real samples inside
 * the generated manifold (coverage). A sample on a ball's boundary is inside.
 *
 * <p>Pairwise distances come from one gemm per block of rows, ||a||² + ||b||² - 2 a·b in double (clipped at 0
 * against cancellation), so memory stays bounded by the block, not by n²: about 32 MiB at any n.
 *
 * @param precision generated samples inside the real manifold, as a fraction
 * @param recall    real samples inside the generated manifold, as a fraction
 * @param k         the neighbour whose distance sets each radius
 */
public record PrecisionRecall(double precision, double recall, int k) {

  /** The neighbourhood size recommended by the paper. */
  public static final int DEFAULT_K = 3;

  /** Distances held per block: 4 Mi doubles, 32 MiB, in native memory and on the heap, reused. */
  private static final int BLOCK_ENTRIES = 1 << 22;

  /** Precision and recall with the {@link #DEFAULT_K}-th neighbour. */
  public static PrecisionRecall of(INDArray real, INDArray generated) {
    return of(real, generated, DEFAULT_K);
  }

  /**
   * @param real      [n real, d] features
   * @param generated [n generated, d] features of the same extractor
   * @param k         at least 1, and less than the size of either set
   */
  public static PrecisionRecall of(INDArray real, INDArray generated, int k) {
    return of(real, generated, k, BLOCK_ENTRIES);
  }

  /** As {@link #of(INDArray, INDArray, int)}, with the distances computed {@code blockEntries} at a time. */
  static PrecisionRecall of(INDArray real, INDArray generated, int k, int blockEntries) {
    Samples realSamples = Samples.of(real, "real");
    Samples generatedSamples = Samples.of(generated, "generated");
    if (realSamples.dimension() != generatedSamples.dimension()) {
      throw new IllegalArgumentException("real and generated features have dimensions "
          + realSamples.dimension() + " and " + generatedSamples.dimension());
    }
    if (k < 1 || k >= realSamples.size() || k >= generatedSamples.size()) {
      throw new IllegalArgumentException("k must be in [1, n - 1] for both sets; got k = " + k + " for "
          + realSamples.size() + " real and " + generatedSamples.size() + " generated samples");
    }
    Blocks blocks = new Blocks(blockEntries, new BlockDots());
    double[] realRadii = squaredKthNeighbourDistances(realSamples, k, blocks);
    double[] generatedRadii = squaredKthNeighbourDistances(generatedSamples, k, blocks);
    double precision = fractionInside(generatedSamples, realSamples, realRadii, blocks);
    double recall = fractionInside(realSamples, generatedSamples, generatedRadii, blocks);
    return new PrecisionRecall(precision, recall, k);
  }

  /** For each sample, the squared distance to its k-th nearest other sample of the same set. */
  private static double[] squaredKthNeighbourDistances(Samples samples, int k, Blocks blocks) {
    double[] radii = new double[samples.size()];
    double[] nearest = new double[k];
    forEachBlock(samples, samples, blocks, (row, distances, offset) -> {
      // The k smallest distances so far, ascending; the sample itself is skipped by index, not by value,
      // so duplicates of it still count as neighbours.
      Arrays.fill(nearest, Double.POSITIVE_INFINITY);
      for (int j = 0; j < samples.size(); j++) {
        double distance = distances[offset + j];
        if (j == row || distance >= nearest[k - 1]) {
          continue;
        }
        int position = k - 1;
        while (position > 0 && nearest[position - 1] > distance) {
          nearest[position] = nearest[position - 1];
          position--;
        }
        nearest[position] = distance;
      }
      radii[row] = nearest[k - 1];
    });
    return radii;
  }

  /** The fraction of queries within at least one reference ball (squared radii). */
  private static double fractionInside(Samples queries, Samples references, double[] squaredRadii, Blocks blocks) {
    int[] inside = {0};
    forEachBlock(queries, references, blocks, (row, distances, offset) -> {
      for (int j = 0; j < references.size(); j++) {
        if (distances[offset + j] <= squaredRadii[j]) {
          inside[0]++;
          return;
        }
      }
    });
    return inside[0] / (double) queries.size();
  }

  /** Receives one query row's squared distances to every reference, at {@code distances[offset + j]}. */
  @FunctionalInterface
  private interface RowVisitor {
    void visit(int row, double[] distances, int offset);
  }

  /** Computes squared distances from blocks of query rows to all references and visits them row by row. */
  private static void forEachBlock(Samples queries, Samples references, Blocks blocks, RowVisitor visitor) {
    int columns = references.size();
    int blockRows = Math.max(1, blocks.entries() / columns);
    for (int start = 0; start < queries.size(); start += blockRows) {
      int end = Math.min(queries.size(), start + blockRows);
      double[] distances = blocks.dots().ofRows(queries.features(), start, end, references.features());
      for (int i = start; i < end; i++) {
        int offset = (i - start) * columns;
        for (int j = 0; j < columns; j++) {
          double dot = distances[offset + j];
          distances[offset + j] = Math.max(queries.squaredNorms()[i] + references.squaredNorms()[j] - 2 * dot, 0);
        }
        visitor.visit(i, distances, offset);
      }
    }
  }

  /** How many distances a block holds, and the arrays every block reuses. */
  private record Blocks(int entries, BlockDots dots) {}

  /** Features as a row-major DOUBLE matrix with each row's squared norm. */
  private record Samples(INDArray features, double[] squaredNorms) {

    static Samples of(INDArray features, String name) {
      if (features.rank() != 2 || features.rows() == 0) {
        throw new IllegalArgumentException(name + " features must be [n > 0, d], got "
            + Arrays.toString(features.shape()));
      }
      INDArray doubles = Nd4j.createUninitialized(DataType.DOUBLE, features.shape(), 'c').assign(features);
      double[] norms = doubles.mul(doubles).sum(1).toDoubleVector();
      return new Samples(doubles, norms);
    }

    int size() {
      return (int) features.rows();
    }

    int dimension() {
      return (int) features.columns();
    }
  }
}
