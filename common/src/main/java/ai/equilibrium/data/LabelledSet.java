package ai.equilibrium.data;

import ai.equilibrium.tensor.HostArrays;
import java.io.Serializable;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Labelled samples held out for evaluation: {@code labels.length} row-major rows of {@code dimension} values,
 * scaled as the training shards are. The arrays are shared, not copied.
 */
public record LabelledSet(int dimension, float[] rows, int[] labels) implements Serializable {

  public LabelledSet {
    if (dimension < 1) {
      throw new IllegalArgumentException("a labelled set needs a positive dimension, got " + dimension);
    }
    if ((long) labels.length * dimension != rows.length) {
      throw new IllegalArgumentException(rows.length + " values are not " + labels.length + " rows of " + dimension);
    }
    for (int r = 0; r < labels.length; r++) {
      if (labels[r] < 0) {
        throw new IllegalArgumentException("row " + r + " has the negative label " + labels[r]);
      }
    }
  }

  public int size() {
    return labels.length;
  }

  /** A copy of one row. */
  public float[] row(int row) {
    return Arrays.copyOfRange(rows, row * dimension, (row + 1) * dimension);
  }

  public float value(int row, int column) {
    return rows[row * dimension + column];
  }

  public int label(int row) {
    return labels[row];
  }

  /** Copies the rows {@code from} (inclusive) to {@code to} (exclusive) into a new [rows, dimension] array. */
  public INDArray rows(int from, int to, DataType precision) {
    if (from < 0 || from > to || to > size()) {
      throw new IndexOutOfBoundsException("rows " + from + " to " + to + " of " + size());
    }
    INDArray out = HostArrays.fromFloats(Arrays.copyOfRange(rows, from * dimension, to * dimension), to - from,
        dimension);
    return precision == DataType.FLOAT ? out : out.castTo(precision);
  }
}
