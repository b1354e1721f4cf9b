package ai.equilibrium.tensor;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between Java arrays and ND4J's native buffers. ND4J's own conversions (createFromArray,
 * toFloatVector, setData) copy element by element through the JNI indexer, which showed up as several
 * percent of a training step in profiles; a direct NIO view copies in one memcpy.
 */
public final class HostArrays {
  private HostArrays() {}

  /** A new C-ordered array of the given shape holding {@code values}. */
  public static INDArray fromFloats(float[] values, long... shape) {
    INDArray array = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    requireWhole(array, values.length);
    floatView(array).put(values);
    return array;
  }

  /** A new C-ordered array of the given shape holding {@code values}. */
  public static INDArray fromDoubles(double[] values, long... shape) {
    INDArray array = Nd4j.createUninitialized(DataType.DOUBLE, shape, 'c');
    requireWhole(array, values.length);
    doubleView(array).put(values);
    return array;
  }

  /** Copies all of {@code array}'s values, which must span its whole buffer (a network's params or gradients). */
  public static float[] toFloats(INDArray array) {
    if (!spansBuffer(array) || array.dataType() != DataType.FLOAT) {
      return array.toFloatVector();
    }
    float[] out = new float[(int) array.length()];
    floatView(array).get(out);
    return out;
  }

  public static double[] toDoubles(INDArray array) {
    if (!spansBuffer(array) || array.dataType() != DataType.DOUBLE) {
      return array.toDoubleVector();
    }
    double[] out = new double[(int) array.length()];
    doubleView(array).get(out);
    return out;
  }

  /** A read-only view of a whole-buffer DOUBLE array's native values, in its buffer's order; nothing is copied. */
  public static DoubleBuffer doubles(INDArray array) {
    if (!spansBuffer(array) || array.dataType() != DataType.DOUBLE) {
      throw new IllegalArgumentException("a whole-buffer DOUBLE array is needed, got " + array.dataType() + " "
          + array.shapeInfoToString());
    }
    return doubleView(array).asReadOnlyBuffer();
  }

  /** Overwrites a whole-buffer array (such as a network's flattened parameters) in place. */
  public static void copyInto(float[] values, INDArray target) {
    if (spansBuffer(target) && target.dataType() == DataType.FLOAT) {
      requireWhole(target, values.length);
      floatView(target).put(values);
    } else {
      target.assign(Nd4j.createFromArray(values).reshape(target.shape()));
    }
  }

  public static void copyInto(double[] values, INDArray target) {
    if (spansBuffer(target) && target.dataType() == DataType.DOUBLE) {
      requireWhole(target, values.length);
      doubleView(target).put(values);
    } else {
      target.assign(Nd4j.createFromArray(values).reshape(target.shape()).castTo(target.dataType()));
    }
  }

  /**
   * Whether {@code array} holds its whole buffer in row-major order, so that {@link #floatValues} and
   * {@link #doubleValues} index its elements in C order. A vector's two orders are one layout (DL4J's flattened
   * gradients are [1, n] in 'f' order).
   */
  public static boolean isWholeRowMajor(INDArray array) {
    return spansBuffer(array) && (array.ordering() == 'c' || array.isVector()) && array.elementWiseStride() == 1;
  }

  /** A writable view of a whole row-major FLOAT array's native values; nothing is copied. */
  public static FloatBuffer floatValues(INDArray array) {
    requireWholeRowMajor(array, DataType.FLOAT);
    return floatView(array);
  }

  /** A writable view of a whole row-major DOUBLE array's native values; nothing is copied. */
  public static DoubleBuffer doubleValues(INDArray array) {
    requireWholeRowMajor(array, DataType.DOUBLE);
    return doubleView(array);
  }

  private static void requireWholeRowMajor(INDArray array, DataType type) {
    if (!isWholeRowMajor(array) || array.dataType() != type) {
      throw new IllegalArgumentException("a whole row-major " + type + " array is needed, got " + array.dataType()
          + " " + array.shapeInfoToString());
    }
  }

  private static boolean spansBuffer(INDArray array) {
    return array.offset() == 0 && array.data().offset() == 0 && array.length() == array.data().length();
  }

  private static void requireWhole(INDArray array, int length) {
    if (array.length() != length) {
      throw new IllegalArgumentException(length + " values for an array of " + array.length());
    }
  }

  private static FloatBuffer floatView(INDArray array) {
    return array.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
  }

  private static DoubleBuffer doubleView(INDArray array) {
    return array.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asDoubleBuffer();
  }
}
