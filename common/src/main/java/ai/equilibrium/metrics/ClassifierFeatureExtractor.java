package ai.equilibrium.metrics;

import ai.equilibrium.storage.FileSystems;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Features from the penultimate layer of a saved classifier ({@link FeatureClassifier}), read with
 * ModelSerializer from any Hadoop path. The id is the classifier's name and version plus the first 12 hex
 * digits of the model file's SHA-256, so scores from differently trained files are never compared. The
 * model's bytes (2 MB) travel with the extractor, so executors need no access to the driver's path.
 */
public final class ClassifierFeatureExtractor implements FeatureExtractor {
  private static final long serialVersionUID = 1L;

  private final String modelPath;
  private final byte[] model;
  private final String id;
  private final int dimension;
  private transient MultiLayerNetwork network;

  private ClassifierFeatureExtractor(String modelPath, byte[] model, String id, int dimension) {
    this.modelPath = modelPath;
    this.model = model;
    this.id = id;
    this.dimension = dimension;
  }

  /**
   * Loads the classifier once on the caller's side, to check it and fix the id.
   *
   * @param name for example "fashion-mnist-classifier-v1"
   * @throws IllegalArgumentException naming the file when it is missing or not a classifier
   */
  public static ClassifierFeatureExtractor load(String modelPath, String name) {
    byte[] bytes = readAll(modelPath);
    MultiLayerNetwork net = restore(bytes, modelPath);
    if (net.getnLayers() < 2) {
      throw new IllegalArgumentException(modelPath + " has " + net.getnLayers() + " layer(s); a feature classifier "
          + "needs a hidden layer before its output layer");
    }
    int dimension = (int) net.layerSize(net.getnLayers() - 2);
    ClassifierFeatureExtractor extractor = new ClassifierFeatureExtractor(modelPath, bytes,
        name + "@" + ModelFiles.digest(bytes), dimension);
    extractor.network = net;
    return extractor;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  public String modelPath() {
    return modelPath;
  }

  @Override
  public INDArray features(INDArray samples) {
    if (network == null) {
      network = restore(model, modelPath);
    }
    INDArray input = samples.dataType() == DataType.FLOAT ? samples : samples.castTo(DataType.FLOAT);
    var activations = network.feedForwardToLayer(network.getnLayers() - 2, input, false);
    return activations.get(activations.size() - 1);
  }

  private static MultiLayerNetwork restore(byte[] bytes, String path) {
    try {
      return ModelSerializer.restoreMultiLayerNetwork(new java.io.ByteArrayInputStream(bytes), false);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(path + " is not a DL4J MultiLayerNetwork model file: " + e.getMessage(), e);
    }
  }

  private static byte[] readAll(String file) {
    Path path = new Path(file);
    try {
      FileSystem fs = FileSystems.of(path);
      if (!fs.exists(path)) {
        throw new IllegalArgumentException("the feature classifier " + file + " does not exist; train it with "
            + "submit-scripts/train-feature-classifier");
      }
      try (InputStream in = fs.open(path)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the feature classifier " + file + ": " + e.getMessage(), e);
    }
  }
}
