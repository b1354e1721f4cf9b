package ai.equilibrium.backend;

import java.util.List;
import java.util.function.BinaryOperator;

/**
 * Merges per-partition results in one fixed order: a balanced binary tree over the partition indices,
 * ((r0 + r1) + (r2 + r3)) for four. Floating-point sums then round the same way whatever order tasks finish
 * in, wherever they run and however often they are retried, and every backend gets the same bits.
 */
public final class PartitionOrder {
  private PartitionOrder() {}

  /**
   * @param byPartition the results of partitions 0 .. P-1, in that order (at least one)
   * @param merge       associative; may mutate and return its first argument
   */
  public static <R> R merge(List<R> byPartition, BinaryOperator<R> merge) {
    if (byPartition.isEmpty()) {
      throw new IllegalArgumentException("no partition results to merge");
    }
    return merge(byPartition, 0, byPartition.size(), merge);
  }

  private static <R> R merge(List<R> results, int from, int to, BinaryOperator<R> merge) {
    if (to - from == 1) {
      return results.get(from);
    }
    int middle = from + (to - from) / 2;
    return merge.apply(merge(results, from, middle, merge), merge(results, middle, to, merge));
  }
}
