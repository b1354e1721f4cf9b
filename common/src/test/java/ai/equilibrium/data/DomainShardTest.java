package ai.equilibrium.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class DomainShardTest {

  /** Two source rows (1, 2), (3, 4) of classes 2, 0 and three target rows (10, 11), (12, 13), (14, 15). */
  private static DomainShard shard() {
    return new DomainShard(2, 3, new float[] {1, 2, 3, 4}, new int[] {2, 0}, new float[] {10, 11, 12, 13, 14, 15});
  }

  @Test
  void copiesTheRequestedRowsInOrder() {
    DomainShard shard = shard();
    assertEquals(2, shard.sourceSize());
    assertEquals(3, shard.targetSize());
    INDArray source = shard.sourceRows(new int[] {1, 0, 1}, DataType.FLOAT);
    assertArrayEquals(new long[] {3, 2}, source.shape());
    assertArrayEquals(new float[] {3, 4, 1, 2, 3, 4}, source.ravel().toFloatVector());
    assertArrayEquals(new int[] {0, 2, 0}, shard.sourceLabels(new int[] {1, 0, 1}));
    INDArray target = shard.targetRows(new int[] {2, 0}, DataType.DOUBLE);
    assertEquals(DataType.DOUBLE, target.dataType());
    assertArrayEquals(new double[] {14, 15, 10, 11}, target.ravel().toDoubleVector());
    assertEquals(13, shard.targetValue(1, 1), 0f);
    assertEquals(3, shard.sourceValue(1, 0), 0f);
  }

  @Test
  void inconsistentContentIsRejected() {
    float[] two = {1, 2, 3, 4};
    assertThrows(IllegalArgumentException.class, () -> new DomainShard(2, 3, two, new int[] {0}, new float[0]),
        "one label for two rows");
    assertThrows(IllegalArgumentException.class, () -> new DomainShard(2, 3, two, new int[] {0, 3}, new float[0]),
        "label = classes");
    assertThrows(IllegalArgumentException.class, () -> new DomainShard(2, 3, two, new int[] {-1, 0}, new float[0]),
        "negative label");
    assertThrows(IllegalArgumentException.class, () -> new DomainShard(2, 3, two, new int[] {0, 1}, new float[3]),
        "target not whole rows");
    assertThrows(IllegalArgumentException.class, () -> new DomainShard(0, 3, new float[0], new int[0], new float[0]));
  }

  @Test
  void labelledSetGivesRowsAndValidates() {
    LabelledSet set = new LabelledSet(2, new float[] {1, 2, 3, 4, 5, 6}, new int[] {1, 0, 4});
    assertEquals(3, set.size());
    assertArrayEquals(new float[] {3, 4}, set.row(1));
    assertEquals(6, set.value(2, 1), 0f);
    assertEquals(4, set.label(2));
    INDArray rows = set.rows(1, 3, DataType.FLOAT);
    assertArrayEquals(new long[] {2, 2}, rows.shape());
    assertArrayEquals(new float[] {3, 4, 5, 6}, rows.ravel().toFloatVector());
    assertThrows(IndexOutOfBoundsException.class, () -> set.rows(2, 4, DataType.FLOAT));
    assertThrows(IllegalArgumentException.class, () -> new LabelledSet(2, new float[5], new int[2]));
    assertThrows(IllegalArgumentException.class, () -> new LabelledSet(2, new float[4], new int[] {0, -1}));
  }
}
