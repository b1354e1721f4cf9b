package ai.equilibrium.tensor;

import java.io.Serializable;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A flat vector of primitives in a network's precision, the form in which parameters and gradient sums
 * travel between driver and executors. Plain float[]/double[] keep Java serialization fast and need no
 * Kryo registration, unlike INDArray.
 */
public final class NumericVector implements Serializable {
  private static final long serialVersionUID = 1L;

  private final float[] floats;
  private final double[] doubles;

  private NumericVector(float[] floats, double[] doubles) {
    this.floats = floats;
    this.doubles = doubles;
  }

  /** Copies an array's values in the array's own precision (float for anything but DOUBLE). */
  public static NumericVector copyOf(INDArray array) {
    return array.dataType() == DataType.DOUBLE
        ? new NumericVector(null, HostArrays.toDoubles(array))
        : new NumericVector(HostArrays.toFloats(array), null);
  }

  /** Rounds driver-side double values to the given network precision. */
  public static NumericVector of(double[] values, DataType precision) {
    return of(values, precision, null);
  }

  /**
   * {@code values} rounded to {@code precision} as {@link #of} rounds them, written into {@code reuse} when it has
   * their length and precision (else into a new vector).
   */
  public static NumericVector of(double[] values, DataType precision, NumericVector reuse) {
    NumericVector out = sized(precision, values.length, reuse);
    if (out.doubles != null) {
      System.arraycopy(values, 0, out.doubles, 0, values.length);
    } else {
      for (int i = 0; i < values.length; i++) {
        out.floats[i] = (float) values[i];
      }
    }
    return out;
  }

  /**
   * {@code reuse} when it has this precision and length (its values left as they are, for the caller to write
   * over), else a new vector of zeros.
   */
  public static NumericVector sized(DataType precision, int length, NumericVector reuse) {
    boolean fits = reuse != null && reuse.length() == length && reuse.precision() == precision;
    return fits ? reuse : zeros(precision, length);
  }

  /** A vector of {@code length} zeros in {@code precision} (FLOAT or DOUBLE). */
  public static NumericVector zeros(DataType precision, int length) {
    return precision == DataType.DOUBLE ? new NumericVector(null, new double[length])
        : new NumericVector(new float[length], null);
  }

  /** A copy of elements [from, to). */
  public NumericVector slice(int from, int to) {
    return floats != null ? new NumericVector(Arrays.copyOfRange(floats, from, to), null)
        : new NumericVector(null, Arrays.copyOfRange(doubles, from, to));
  }

  /** Overwrites elements [at, at + part.length()) with {@code part}'s. */
  public void place(NumericVector part, int at) {
    if (part.precision() != precision()) {
      throw new IllegalArgumentException("cannot place a " + part.precision() + " vector into a " + precision() + " one");
    }
    if (floats != null) {
      System.arraycopy(part.floats, 0, floats, at, part.length());
    } else {
      System.arraycopy(part.doubles, 0, doubles, at, part.length());
    }
  }

  /** Bytes that {@link #writeTo} writes. */
  public int byteSize() {
    return floats != null ? floats.length * Float.BYTES : doubles.length * Double.BYTES;
  }

  /** Writes the raw values at {@code out}'s position (in its byte order) and advances it. */
  public void writeTo(java.nio.ByteBuffer out) {
    if (floats != null) {
      out.asFloatBuffer().put(floats);
    } else {
      out.asDoubleBuffer().put(doubles);
    }
    out.position(out.position() + byteSize());
  }

  /** Writes the raw values of elements [from, to) at {@code out}'s position (in its byte order) and advances it. */
  public void writeTo(java.nio.ByteBuffer out, int from, int to) {
    if (floats != null) {
      out.asFloatBuffer().put(floats, from, to - from);
      out.position(out.position() + (to - from) * Float.BYTES);
    } else {
      out.asDoubleBuffer().put(doubles, from, to - from);
      out.position(out.position() + (to - from) * Double.BYTES);
    }
  }

  /** Reads {@code length} raw values in {@code precision} from {@code in}'s position and advances it. */
  public static NumericVector readFrom(java.nio.ByteBuffer in, DataType precision, int length) {
    return readFrom(in, precision, length, null);
  }

  /** The same, read into {@code reuse} when it has that length and precision (else into a new vector). */
  public static NumericVector readFrom(java.nio.ByteBuffer in, DataType precision, int length, NumericVector reuse) {
    NumericVector v = sized(precision, length, reuse);
    if (v.floats != null) {
      in.asFloatBuffer().get(v.floats);
    } else {
      in.asDoubleBuffer().get(v.doubles);
    }
    in.position(in.position() + v.byteSize());
    return v;
  }

  public int length() {
    return floats != null ? floats.length : doubles.length;
  }

  public DataType precision() {
    return floats != null ? DataType.FLOAT : DataType.DOUBLE;
  }

  public double get(int i) {
    return floats != null ? floats[i] : doubles[i];
  }

  /** The first element that is NaN or infinite, or -1: one tight pass over the primitive array. */
  public int firstNonFinite() {
    if (floats != null) {
      for (int i = 0; i < floats.length; i++) {
        if (!Float.isFinite(floats[i])) {
          return i;
        }
      }
    } else {
      for (int i = 0; i < doubles.length; i++) {
        if (!Double.isFinite(doubles[i])) {
          return i;
        }
      }
    }
    return -1;
  }

  /** Writes {@code scale * get(i)} into {@code out[i]} for i in [from, to). */
  public void scaleInto(double scale, double[] out, int from, int to) {
    if (floats != null) {
      for (int i = from; i < to; i++) {
        out[i] = scale * floats[i];
      }
    } else {
      for (int i = from; i < to; i++) {
        out[i] = scale * doubles[i];
      }
    }
  }

  /** A new rank-1 INDArray holding a copy of these values. */
  public INDArray toArray() {
    return floats != null ? HostArrays.fromFloats(floats, floats.length) : HostArrays.fromDoubles(doubles, doubles.length);
  }

  /** Overwrites {@code target} (same length; typically a network's flattened parameters) with these values. */
  public void copyInto(INDArray target) {
    if (target.length() != length()) {
      throw new IllegalArgumentException(length() + " values for an array of " + target.length());
    }
    if (floats != null) {
      HostArrays.copyInto(floats, target);
    } else {
      HostArrays.copyInto(doubles, target);
    }
  }

  /**
   * Adds {@code array}'s values (or subtracts them) into this vector in place, read straight from native memory:
   * element by element in this vector's precision, as ND4J's {@code addi} and {@code subi} round them.
   */
  public NumericVector addInPlace(INDArray array, boolean subtract) {
    if (array.length() != length() || (array.dataType() == DataType.DOUBLE) != (doubles != null)) {
      throw new IllegalArgumentException("cannot add an array of length " + array.length() + " (" + array.dataType()
          + ") to a vector of length " + length() + " (" + precision() + ")");
    }
    if (!HostArrays.isWholeRowMajor(array)) {
      return subtract ? addInPlace(copyOf(array).negated()) : addInPlace(copyOf(array));
    }
    if (floats != null) {
      java.nio.FloatBuffer values = HostArrays.floatValues(array);
      for (int i = 0; i < floats.length; i++) {
        floats[i] = subtract ? floats[i] - values.get(i) : floats[i] + values.get(i);
      }
    } else {
      java.nio.DoubleBuffer values = HostArrays.doubleValues(array);
      for (int i = 0; i < doubles.length; i++) {
        doubles[i] = subtract ? doubles[i] - values.get(i) : doubles[i] + values.get(i);
      }
    }
    return this;
  }

  /** Flips every value's sign in place (exact) and returns this. */
  public NumericVector negated() {
    if (floats != null) {
      for (int i = 0; i < floats.length; i++) {
        floats[i] = -floats[i];
      }
    } else {
      for (int i = 0; i < doubles.length; i++) {
        doubles[i] = -doubles[i];
      }
    }
    return this;
  }

  /** Adds {@code other} into this vector in place; both must have the same length and precision. */
  public NumericVector addInPlace(NumericVector other) {
    if (other.length() != length() || other.precision() != precision()) {
      throw new IllegalArgumentException("cannot add a vector of length " + other.length() + " ("
          + other.precision() + ") to one of length " + length() + " (" + precision() + ")");
    }
    if (floats != null) {
      for (int i = 0; i < floats.length; i++) {
        floats[i] += other.floats[i];
      }
    } else {
      for (int i = 0; i < doubles.length; i++) {
        doubles[i] += other.doubles[i];
      }
    }
    return this;
  }


  @Override
  public boolean equals(Object o) {
    return o instanceof NumericVector v && Arrays.equals(floats, v.floats) && Arrays.equals(doubles, v.doubles);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(floats) + Arrays.hashCode(doubles);
  }
}
