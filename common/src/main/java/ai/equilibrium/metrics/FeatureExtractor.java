package ai.equilibrium.metrics;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Maps samples to the feature vectors that FID, KID and precision/recall compare. Scores are comparable
 * only under the same extractor, so every score records {@link #id()}.
 *
 * <p>Serializable as a description (for example a model path); the network behind it is loaded lazily,
 * once per JVM or instance, so executors can use it. Not thread-safe.
 */
public interface FeatureExtractor extends Serializable {

  /** Name and version, for example "fashion-mnist-classifier/v1" or "inception-v3-keras/pool3". */
  String id();

  /** The length of each feature vector. */
  int dimension();

  /**
   * Features of a batch of samples.
   *
   * @param samples [n, sample dimension], flattened as the data sources give them (images in [-1, 1], CHW)
   * @return [n, {@link #dimension()}]
   */
  INDArray features(INDArray samples);
}
