package ai.equilibrium.data;

import java.io.Serializable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import ai.equilibrium.tensor.HostArrays;

/**
 * The training samples of one data partition, row-major, each row a flattened sample scaled for the
 * networks (images in [-1, 1]). Lives cached in an RDD partition or in the local backend's memory.
 */
public final class DataShard implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int dimension;
  private final float[] values;

  public DataShard(int dimension, float[] values) {
    if (dimension <= 0 || values.length % dimension != 0) {
      throw new IllegalArgumentException(values.length + " values do not form rows of " + dimension);
    }
    this.dimension = dimension;
    this.values = values;
  }

  public int dimension() {
    return dimension;
  }

  public int size() {
    return values.length / dimension;
  }

  /** Copies the given rows into a new [rows, dimension] array of the given precision. */
  public INDArray rows(int[] indices, DataType precision) {
    float[] out = new float[indices.length * dimension];
    for (int r = 0; r < indices.length; r++) {
      System.arraycopy(values, indices[r] * dimension, out, r * dimension, dimension);
    }
    INDArray rows = HostArrays.fromFloats(out, indices.length, dimension);
    return precision == DataType.FLOAT ? rows : rows.castTo(precision);
  }

  /** One value, for tests and evaluation. */
  public float value(int row, int column) {
    return values[row * dimension + column];
  }
}
