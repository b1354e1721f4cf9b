package ai.equilibrium.gan;

import ai.equilibrium.metrics.FeatureExtractor;
import ai.equilibrium.metrics.FeatureSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The evaluation samples a partition owns: sample g belongs to partition g mod P (the data sources' layout),
 * so partition p holds samples p, p + P, p + 2P, ... as its rows 0, 1, 2, ... Features are extracted in
 * batches to bound memory.
 */
final class PartitionSamples {
  static final int BATCH = 500;

  private PartitionSamples() {}

  /** Produces the samples [n, d] of a batch, given its first row and the sample indices of its rows. */
  @FunctionalInterface
  interface Batch {
    INDArray samples(int firstRow, long[] sampleIndices);
  }

  /** How many of the first {@code samples} samples partition {@code partition} of {@code partitions} owns. */
  static int count(int partition, int partitions, int samples) {
    return partition < samples ? (samples - partition + partitions - 1) / partitions : 0;
  }

  /** The consecutive rows first, first + 1, ..., first + n - 1 of a shard. */
  static int[] rows(int first, int n) {
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = first + i;
    }
    return rows;
  }

  /** The features of a partition's first {@code rows} samples, {@link #BATCH} rows at a time. */
  static FeatureSet features(FeatureExtractor extractor, int partition, int partitions, int rows, Batch batch) {
    FeatureSet set = FeatureSet.empty(extractor.dimension());
    for (int start = 0; start < rows; start += BATCH) {
      long[] indices = new long[Math.min(BATCH, rows - start)];
      for (int i = 0; i < indices.length; i++) {
        indices[i] = partition + (long) (start + i) * partitions;
      }
      set.add(indices, extractor.features(batch.samples(start, indices)));
    }
    return set;
  }
}
