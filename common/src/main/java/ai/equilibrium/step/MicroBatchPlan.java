package ai.equilibrium.step;

import java.io.Serializable;

/**
 * The global minibatch as a fixed number of micro-batches over a fixed number of data partitions:
 * partition p computes micro-batches p*k .. p*k+k-1. The result of a step depends on this plan, never on
 * how many executors run it.
 *
 * @param partitions               data partitions (and tasks per backend call)
 * @param microBatchesPerPartition k
 * @param microBatchSize           samples per micro-batch (per player side: n real and n generated)
 */
public record MicroBatchPlan(int partitions, int microBatchesPerPartition, int microBatchSize) implements Serializable {

  public MicroBatchPlan {
    if (partitions < 1 || microBatchesPerPartition < 1 || microBatchSize < 1) {
      throw new IllegalArgumentException("partitions, micro-batches per partition and micro-batch size must be "
          + "positive, got " + partitions + ", " + microBatchesPerPartition + ", " + microBatchSize);
    }
  }

  /** Splits a global batch evenly; the batch must divide into partitions * microBatchesPerPartition. */
  public static MicroBatchPlan of(int globalBatch, int partitions, int microBatchesPerPartition) {
    int pieces = partitions * microBatchesPerPartition;
    if (globalBatch % pieces != 0) {
      throw new IllegalArgumentException("batch size " + globalBatch + " does not split into " + partitions
          + " partitions x " + microBatchesPerPartition + " micro-batches");
    }
    return new MicroBatchPlan(partitions, microBatchesPerPartition, globalBatch / pieces);
  }

  public int globalBatch() {
    return partitions * microBatchesPerPartition * microBatchSize;
  }

  /** Global index of partition {@code partition}'s j-th micro-batch. */
  public int microBatchIndex(int partition, int j) {
    return partition * microBatchesPerPartition + j;
  }
}
