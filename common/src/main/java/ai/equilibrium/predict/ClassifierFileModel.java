package ai.equilibrium.predict;

import ai.equilibrium.data.SampleShape;
import ai.equilibrium.metrics.ModelFiles;
import ai.equilibrium.storage.FileSystems;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A classifier saved as a DL4J MultiLayerNetwork (ModelSerializer zip) on any Hadoop path, such as those
 * {@code train-feature-classifier} writes: the face attribute classifier (one sigmoid per attribute, its attribute
 * names in the .json beside it) or Fashion-MNIST's (a softmax over 10 classes). Its input is an image of the shape
 * its first convolution was configured for, or a row of its first dense layer's width; images in [-1, 1] as the
 * classifiers were trained on. The model's bytes travel with it, so executors need no access to its path.
 */
public record ClassifierFileModel(String name, byte[] model, SampleShape input, List<String> labels,
    boolean multiLabel, DataType precision) implements PredictionModel {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** @throws IllegalArgumentException naming the file when it is missing or not a classifier predict can apply */
  public static ClassifierFileModel load(String file) {
    byte[] bytes = read(file);
    MultiLayerNetwork network = restore(bytes, file);
    MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
    int last = conf.getConfs().size() - 1;
    if (!(conf.getConf(last).getLayer() instanceof BaseLayer output)
        || !(conf.getConf(last).getLayer() instanceof FeedForwardLayer outputs)) {
      throw new IllegalArgumentException(file + " does not end in a dense output layer");
    }
    boolean multiLabel = output.getActivationFn() instanceof ActivationSigmoid;
    if (!multiLabel && !(output.getActivationFn() instanceof ActivationSoftmax)) {
      throw new IllegalArgumentException(file + "'s output layer has activation " + output.getActivationFn()
          + ": predict reads a softmax (one class) or sigmoids (one probability per label)");
    }
    int count = (int) outputs.getNOut();
    List<String> labels = multiLabel ? labelNames(file, count)
        : IntStream.range(0, count).mapToObj(c -> "p" + c).toList();
    return new ClassifierFileModel(ModelFiles.baseName(file) + "@" + ModelFiles.digest(bytes), bytes,
        inputShape(conf, file), labels, multiLabel, conf.getDataType());
  }

  @Override
  public Classifier open() {
    MultiLayerNetwork network = restore(model, name);
    return rows -> network.output(rows, false);
  }

  /** The image its first layer's preprocessor unflattens, or the width of its first dense layer. */
  private static SampleShape inputShape(MultiLayerConfiguration conf, String file) {
    if (conf.getInputPreProcess(0) instanceof FeedForwardToCnnPreProcessor image) {
      return new SampleShape.Image((int) image.getNumChannels(), (int) image.getInputHeight(),
          (int) image.getInputWidth());
    }
    if (conf.getConf(0).getLayer() instanceof FeedForwardLayer dense && dense.getNIn() > 0) {
      return new SampleShape.Point((int) dense.getNIn());
    }
    throw new IllegalArgumentException(file + " takes neither flattened images (a convolution configured with "
        + "InputType.convolutionalFlat) nor rows (a dense first layer)");
  }

  /**
   * The attribute names of the .json that train-feature-classifier writes beside the model, when it lists as many
   * as the model has outputs; otherwise p0, p1, ...
   */
  private static List<String> labelNames(String file, int count) {
    Path description = new Path(file.replaceAll("\\.zip$", "") + ".json");
    try {
      FileSystem fs = FileSystems.of(description);
      if (fs.exists(description)) {
        try (InputStream in = fs.open(description)) {
          JsonNode attributes = JSON.readTree(in).path("attributes");
          if (attributes.isArray() && attributes.size() == count) {
            List<String> names = new ArrayList<>();
            attributes.forEach(a -> names.add(a.asText()));
            return names;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + description + ": " + e.getMessage(), e);
    }
    return IntStream.range(0, count).mapToObj(c -> "p" + c).toList();
  }

  private static byte[] read(String file) {
    Path path = new Path(file);
    try {
      FileSystem fs = FileSystems.of(path);
      if (!fs.isFile(path)) {
        throw new IllegalArgumentException("no classifier file at " + file);
      }
      try (InputStream in = fs.open(path)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static MultiLayerNetwork restore(byte[] bytes, String file) {
    try {
      return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), false);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(file + " is not a DL4J MultiLayerNetwork model file: " + e.getMessage(), e);
    }
  }
}
