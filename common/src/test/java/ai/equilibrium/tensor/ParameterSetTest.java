package ai.equilibrium.tensor;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.equilibrium.tensor.ParameterSegment.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class ParameterSetTest {

  private static ParameterSegment seg(String name, int offset, int length) {
    return new ParameterSegment(name, offset, length, Role.TRAINABLE);
  }

  @Test
  void segmentsThatTileTheVectorAreAccepted() {
    double[] values = new double[10];
    ParameterSet set = new ParameterSet(values, List.of(seg("0_W", 0, 6),
        new ParameterSegment("0_mean", 6, 2, Role.RUNNING_STATISTIC), seg("0_b", 8, 2)), DataType.FLOAT);
    assertEquals(10, set.size());
    assertEquals(8, set.trainableCount());
    assertEquals(3, set.segments().size());
    assertSame(values, set.values(), "values() is the live master copy");
    assertEquals(DataType.FLOAT, set.precision());
    assertEquals(0, set.version());
    set.markUpdated();
    assertEquals(1, set.version());
  }

  @Test
  void aGapIsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new ParameterSet(new double[10], List.of(seg("0_W", 0, 4), seg("0_b", 5, 5)), DataType.DOUBLE));
  }

  @Test
  void anOverlapIsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new ParameterSet(new double[10], List.of(seg("0_W", 0, 6), seg("0_b", 5, 5)), DataType.DOUBLE));
  }

  @Test
  void segmentsThatDoNotStartAtZeroOrDoNotReachTheEndAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new ParameterSet(new double[10], List.of(seg("0_W", 1, 9)), DataType.DOUBLE));
    assertThrows(IllegalArgumentException.class,
        () -> new ParameterSet(new double[10], List.of(seg("0_W", 0, 9)), DataType.DOUBLE));
    assertThrows(IllegalArgumentException.class,
        () -> new ParameterSet(new double[10], List.of(seg("0_W", 0, 11)), DataType.DOUBLE));
    assertThrows(IllegalArgumentException.class,
        () -> new ParameterSet(new double[10], List.of(), DataType.DOUBLE));
  }

  @Test
  void outOfOrderSegmentsAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new ParameterSet(new double[10], List.of(seg("0_b", 6, 4), seg("0_W", 0, 6)), DataType.DOUBLE));
  }

  @Test
  void snapshotRoundsToThePrecision() {
    ParameterSet set = new ParameterSet(new double[] {0.1, 1.0 / 3}, List.of(seg("0_W", 0, 2)), DataType.FLOAT);
    NumericVector snapshot = set.snapshot();
    assertEquals(DataType.FLOAT, snapshot.precision());
    assertEquals((float) 0.1, snapshot.get(0), 0.0);
    assertEquals((float) (1.0 / 3), snapshot.get(1), 0.0);
  }
}
