package ai.equilibrium.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The arrays a network's forward pass keeps for its backward passes, reused by the next forward pass once they
 * are dead (temporaries and backward-pass arrays are {@link ScratchArrays}). ND4J returns native
 * memory only when the garbage collector finds the small Java objects that own it (closing an array does not
 * free it in nd4j-native 1.0.0-M2.1, measured), so a convolutional network that allocates its activations
 * afresh every step grows its resident memory by tens of megabytes per step until a collection happens.
 * Arrays handed out by {@link #create} have undefined contents: every caller overwrites them entirely.
 */
final class PassArrays {
  private final List<INDArray> inUse = new ArrayList<>();
  private final Map<ArrayKey, ArrayDeque<INDArray>> free = new HashMap<>();

  INDArray create(DataType type, long... shape) {
    ArrayDeque<INDArray> pool = free.get(ArrayKey.of(type, shape));
    INDArray array = pool == null || pool.isEmpty() ? Nd4j.createUninitialized(type, shape, 'c') : pool.pop();
    inUse.add(array);
    return array;
  }

  INDArray like(INDArray template) {
    return create(template.dataType(), template.shape());
  }

  /**
   * Makes every array of the last pass reusable except those whose memory a caller still holds
   * ({@code escaped}, or views of them), which are forgotten and left to the garbage collector.
   */
  void release(INDArray... escaped) {
    for (INDArray array : inUse) {
      if (!sharesMemory(array, escaped)) {
        free.computeIfAbsent(ArrayKey.of(array.dataType(), array.shape()), k -> new ArrayDeque<>()).push(array);
      }
    }
    inUse.clear();
  }

  private static boolean sharesMemory(INDArray array, INDArray[] escaped) {
    for (INDArray other : escaped) {
      if (sameMemory(array, other)) {
        return true;
      }
    }
    return false;
  }

  /** Whether two arrays (or views) live in the same buffer. */
  static boolean sameMemory(INDArray a, INDArray b) {
    return a != null && b != null && root(a.data()) == root(b.data());
  }

  static DataBuffer root(DataBuffer buffer) {
    DataBuffer original = buffer.originalDataBuffer();
    return original == null ? buffer : original;
  }
}
