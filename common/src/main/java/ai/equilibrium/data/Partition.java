package ai.equilibrium.data;

/** Partition p of P holds the items whose index i satisfies i mod P = p (the rule of {@link DataSource}). */
final class Partition {
  private Partition() {}

  /** How many of {@code count} items partition {@code partition} of {@code partitions} holds. */
  static int size(int count, int partition, int partitions) {
    if (partitions < 1 || partition < 0 || partition >= partitions) {
      throw new IllegalArgumentException("no partition " + partition + " of " + partitions);
    }
    return count / partitions + (partition < count % partitions ? 1 : 0);
  }
}
