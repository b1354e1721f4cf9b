package ai.equilibrium.data;

import java.io.Serializable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import ai.equilibrium.tensor.HostArrays;

/**
 * The training samples of one data partition, row-major, each row a flattened sample scaled for the
 * networks (images in [-1, 1]). Lives cached in an RDD partition or in the local backend's memory. Images
 * may be held as their 8-bit pixels, a quarter of the memory of floats, and scaled as rows are copied out:
 * p / 127.5 - 1 in float, the same value a float shard of the same image holds.
 */
public final class DataShard implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int dimension;
  private final float[] values;
  private final byte[] pixels;

  public DataShard(int dimension, float[] values) {
    this(dimension, values, null, values.length);
  }

  private DataShard(int dimension, float[] values, byte[] pixels, int length) {
    if (dimension <= 0 || length % dimension != 0) {
      throw new IllegalArgumentException(length + " values do not form rows of " + dimension);
    }
    this.dimension = dimension;
    this.values = values;
    this.pixels = pixels;
  }

  /** Images as 8-bit pixels (0-255), one row each. */
  public static DataShard ofPixels(int dimension, byte[] pixels) {
    return new DataShard(dimension, null, pixels, pixels.length);
  }

  /** The network value of pixel {@code p}: [0, 255] to [-1, 1]. */
  public static float scaled(byte p) {
    return (p & 0xff) / 127.5f - 1f;
  }

  public int dimension() {
    return dimension;
  }

  public int size() {
    return (values != null ? values.length : pixels.length) / dimension;
  }

  /** Copies the given rows into a new [rows, dimension] array of the given precision. */
  public INDArray rows(int[] indices, DataType precision) {
    float[] out = new float[indices.length * dimension];
    for (int r = 0; r < indices.length; r++) {
      if (values != null) {
        System.arraycopy(values, indices[r] * dimension, out, r * dimension, dimension);
      } else {
        int from = indices[r] * dimension;
        for (int k = 0; k < dimension; k++) {
          out[r * dimension + k] = scaled(pixels[from + k]);
        }
      }
    }
    INDArray rows = HostArrays.fromFloats(out, indices.length, dimension);
    return precision == DataType.FLOAT ? rows : rows.castTo(precision);
  }

  /** One value, for tests and evaluation. */
  public float value(int row, int column) {
    int at = row * dimension + column;
    return values != null ? values[at] : scaled(pixels[at]);
  }
}
