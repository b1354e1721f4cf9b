package ai.equilibrium.model;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/** What makes two pooled arrays interchangeable: element type and shape. */
record ArrayKey(DataType type, List<Long> shape) {
  static ArrayKey of(DataType type, long[] shape) {
    return new ArrayKey(type, Arrays.stream(shape).boxed().toList());
  }
}
