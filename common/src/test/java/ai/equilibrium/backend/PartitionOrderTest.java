package ai.equilibrium.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Partition results merge in one balanced tree over the partition indices, whatever the list came from. */
class PartitionOrderTest {

  private static String tree(int partitions) {
    List<String> results = IntStream.range(0, partitions).mapToObj(Integer::toString).toList();
    return PartitionOrder.merge(results, (a, b) -> "(" + a + "+" + b + ")");
  }

  @Test
  void mergesInABalancedTreeOverPartitionIndices() {
    assertEquals("0", tree(1));
    assertEquals("(0+1)", tree(2));
    assertEquals("(0+(1+2))", tree(3));
    assertEquals("((0+1)+(2+3))", tree(4));
    assertEquals("(((0+1)+(2+3))+((4+5)+(6+7)))", tree(8));
  }

  @Test
  void floatingPointSumsFollowTheTreeNotTheOrderOfArrival() {
    // The ulp of 1e16 is 2, so adding 1 to it rounds away: the tree (1e16 + 1) + (-1e16 + 1) gives 0, while
    // summing in the order 0, 1, 2, 3 would give 1. The tree is what every backend computes.
    List<Double> values = List.of(1e16, 1.0, -1e16, 1.0);
    assertEquals(0.0, PartitionOrder.merge(values, Double::sum), 0.0);
    assertEquals(1.0, ((1e16 + 1.0) + -1e16) + 1.0, 0.0);
  }

  @Test
  void nothingToMergeIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> PartitionOrder.merge(List.<String>of(), (a, b) -> a + b));
  }
}
