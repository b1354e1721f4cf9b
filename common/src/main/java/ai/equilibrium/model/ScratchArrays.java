package ai.equilibrium.model;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Arrays whose end the caller states: temporaries of a forward pass and every array of a backward pass, given
 * back as soon as they are dead. The networks of one game run their passes one after another on one thread, so
 * they share one of these: the backward passes of a generator and of both copies of its discriminator then hold
 * a few arrays of each shape between them, where each pass kept all of its own (dcgan-64: 357 MB of 690 MB).
 * Not thread-safe. Arrays handed out have undefined contents: every caller overwrites them entirely.
 */
public final class ScratchArrays {
  private final Map<ArrayKey, ArrayDeque<INDArray>> free = new HashMap<>();
  /** Arrays handed out and not given back, by the memory they own (a view finds its array by it). */
  private final Map<DataBuffer, INDArray> taken = new IdentityHashMap<>();

  INDArray take(DataType type, long... shape) {
    ArrayDeque<INDArray> pool = free.get(ArrayKey.of(type, shape));
    INDArray array = pool == null || pool.isEmpty() ? Nd4j.createUninitialized(type, shape, 'c') : pool.pop();
    taken.put(PassArrays.root(array.data()), array);
    return array;
  }

  INDArray like(INDArray template) {
    return take(template.dataType(), template.shape());
  }

  /**
   * Makes the array handed out that {@code array} is or views reusable; the caller no longer reads it. Arrays
   * this did not hand out (the caller's own, or ones given back or disowned before) are left alone.
   */
  void give(INDArray array) {
    INDArray owned = array == null ? null : taken.remove(PassArrays.root(array.data()));
    if (owned != null) {
      free.computeIfAbsent(ArrayKey.of(owned.dataType(), owned.shape()), k -> new ArrayDeque<>()).push(owned);
    }
  }

  /** Forgets an array (or the array a view views) that escapes to a caller; the garbage collector frees it. */
  void disown(INDArray array) {
    if (array != null) {
      taken.remove(PassArrays.root(array.data()));
    }
  }

  /** How many arrays are handed out now: none between the passes of a game. */
  int takenCount() {
    return taken.size();
  }

  /** How many arrays this has allocated, handed out or free. */
  int allocatedCount() {
    return taken.size() + free.values().stream().mapToInt(ArrayDeque::size).sum();
  }

  static boolean sameMemory(INDArray a, INDArray b) {
    return a != null && b != null && PassArrays.root(a.data()) == PassArrays.root(b.data());
  }
}
