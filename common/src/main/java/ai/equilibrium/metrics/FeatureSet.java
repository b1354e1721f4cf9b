package ai.equilibrium.metrics;

import ai.equilibrium.tensor.HostArrays;
import java.io.Serializable;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The features of one sample set as partitions produce them: double-precision moments over every sample
 * (FID), and the feature rows tagged with their sample index (KID and precision/recall need the rows).
 * Merging concatenates; {@link #rows()} orders by sample index, so the result does not depend on how many
 * partitions produced it or in which order they were merged.
 */
public final class FeatureSet implements Serializable {
  private static final long serialVersionUID = 1L;

  private final FeatureMoments moments;
  private long[] indices = new long[0];
  private float[] values = new float[0];

  private FeatureSet(int dimension) {
    this.moments = FeatureMoments.empty(dimension);
  }

  public static FeatureSet empty(int dimension) {
    return new FeatureSet(dimension);
  }

  /** Adds the features [n, d] of the samples {@code sampleIndices} (n of them). */
  public void add(long[] sampleIndices, INDArray features) {
    int d = moments.dimension();
    if (features.rank() != 2 || features.size(1) != d || features.size(0) != sampleIndices.length) {
      throw new IllegalArgumentException("expected features [" + sampleIndices.length + ", " + d + "], got "
          + Arrays.toString(features.shape()));
    }
    moments.add(features);
    float[] rows = HostArrays.toFloats(features.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c'));
    int old = indices.length;
    indices = Arrays.copyOf(indices, old + sampleIndices.length);
    System.arraycopy(sampleIndices, 0, indices, old, sampleIndices.length);
    values = Arrays.copyOf(values, values.length + rows.length);
    System.arraycopy(rows, 0, values, values.length - rows.length, rows.length);
  }

  /** Adds another set's samples to this one and returns this. */
  public FeatureSet merge(FeatureSet other) {
    moments.merge(other.moments);
    int old = indices.length;
    indices = Arrays.copyOf(indices, old + other.indices.length);
    System.arraycopy(other.indices, 0, indices, old, other.indices.length);
    int oldValues = values.length;
    values = Arrays.copyOf(values, oldValues + other.values.length);
    System.arraycopy(other.values, 0, values, oldValues, other.values.length);
    return this;
  }

  public FeatureMoments moments() {
    return moments;
  }

  public int size() {
    return indices.length;
  }

  /** The feature rows [n, d] in sample-index order. */
  public INDArray rows() {
    int d = moments.dimension();
    Integer[] order = new Integer[indices.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(indices[a], indices[b]));
    float[] sorted = new float[values.length];
    for (int i = 0; i < order.length; i++) {
      System.arraycopy(values, order[i] * d, sorted, i * d, d);
    }
    return HostArrays.fromFloats(sorted, order.length, d);
  }
}
