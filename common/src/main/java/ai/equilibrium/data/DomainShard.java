package ai.equilibrium.data;

import ai.equilibrium.tensor.HostArrays;
import java.io.Serializable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One data partition of both domains of domain adaptation: labelled source samples and unlabelled target
 * samples, row-major, each row a flattened sample of the shared {@code dimension}, scaled for the networks.
 * The target labels are never part of a training shard, so training cannot read them; they exist only in
 * the held-out sets of {@link DomainPairSource#heldOut}.
 */
public final class DomainShard implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int dimension;
  private final int classes;
  private final float[] source;
  private final int[] sourceLabels;
  private final float[] target;

  /**
   * @param source       source rows, {@code sourceLabels.length} rows of {@code dimension} values
   * @param sourceLabels the class of each source row, in [0, classes)
   * @param target       target rows, a whole number of rows of {@code dimension} values
   */
  public DomainShard(int dimension, int classes, float[] source, int[] sourceLabels, float[] target) {
    if (dimension < 1 || classes < 1) {
      throw new IllegalArgumentException("a domain shard needs a positive dimension and number of classes, got "
          + dimension + " and " + classes);
    }
    if ((long) sourceLabels.length * dimension != source.length) {
      throw new IllegalArgumentException(source.length + " source values are not " + sourceLabels.length
          + " rows of " + dimension);
    }
    if (target.length % dimension != 0) {
      throw new IllegalArgumentException(target.length + " target values do not form rows of " + dimension);
    }
    for (int r = 0; r < sourceLabels.length; r++) {
      if (sourceLabels[r] < 0 || sourceLabels[r] >= classes) {
        throw new IllegalArgumentException("source row " + r + " has label " + sourceLabels[r] + ", outside [0, "
            + classes + ")");
      }
    }
    this.dimension = dimension;
    this.classes = classes;
    this.source = source;
    this.sourceLabels = sourceLabels;
    this.target = target;
  }

  public int dimension() {
    return dimension;
  }

  public int classes() {
    return classes;
  }

  public int sourceSize() {
    return sourceLabels.length;
  }

  public int targetSize() {
    return target.length / dimension;
  }

  /** Copies the given source rows into a new [rows, dimension] array of the given precision. */
  public INDArray sourceRows(int[] indices, DataType precision) {
    return copyRows(source, indices, precision);
  }

  /** The classes of the given source rows, in the order of {@code indices}. */
  public int[] sourceLabels(int[] indices) {
    int[] out = new int[indices.length];
    for (int r = 0; r < indices.length; r++) {
      out[r] = sourceLabels[indices[r]];
    }
    return out;
  }

  /** Copies the given target rows into a new [rows, dimension] array of the given precision. */
  public INDArray targetRows(int[] indices, DataType precision) {
    return copyRows(target, indices, precision);
  }

  /** One source value, for tests and evaluation. */
  public float sourceValue(int row, int column) {
    return source[row * dimension + column];
  }

  /** One target value, for tests and evaluation. */
  public float targetValue(int row, int column) {
    return target[row * dimension + column];
  }

  private INDArray copyRows(float[] values, int[] indices, DataType precision) {
    float[] out = new float[indices.length * dimension];
    for (int r = 0; r < indices.length; r++) {
      System.arraycopy(values, indices[r] * dimension, out, r * dimension, dimension);
    }
    INDArray rows = HostArrays.fromFloats(out, indices.length, dimension);
    return precision == DataType.FLOAT ? rows : rows.castTo(precision);
  }
}
