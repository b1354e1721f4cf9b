package ai.equilibrium.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MicroBatchPlanTest {

  @Test
  void splitsTheGlobalBatchEvenly() {
    // 64 = 2 partitions x 2 micro-batches x 16
    MicroBatchPlan plan = MicroBatchPlan.of(64, 2, 2);
    assertEquals(16, plan.microBatchSize());
    assertEquals(2, plan.partitions());
    assertEquals(2, plan.microBatchesPerPartition());
    assertEquals(64, plan.globalBatch());
    assertEquals(2, plan.microBatchIndex(1, 0));
    assertEquals(0, plan.microBatchIndex(0, 0));
    assertEquals(3, plan.microBatchIndex(1, 1));
  }

  @Test
  void microBatchIndicesAreAPermutation() {
    MicroBatchPlan plan = MicroBatchPlan.of(96, 3, 4);
    Set<Integer> indices = new HashSet<>();
    for (int p = 0; p < 3; p++) {
      for (int j = 0; j < 4; j++) {
        indices.add(plan.microBatchIndex(p, j));
      }
    }
    assertEquals(12, indices.size());
    for (int i = 0; i < 12; i++) {
      assertEquals(true, indices.contains(i), "index " + i);
    }
  }

  @Test
  void indivisibleBatchesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> MicroBatchPlan.of(65, 2, 1));
    assertThrows(IllegalArgumentException.class, () -> MicroBatchPlan.of(64, 3, 1));
    assertThrows(IllegalArgumentException.class, () -> MicroBatchPlan.of(0, 2, 1));
    assertThrows(IllegalArgumentException.class, () -> new MicroBatchPlan(0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new MicroBatchPlan(1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new MicroBatchPlan(1, 1, 0));
  }
}
