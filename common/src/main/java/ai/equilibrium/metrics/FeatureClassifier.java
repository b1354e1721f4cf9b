package ai.equilibrium.metrics;

import ai.equilibrium.data.FashionMnistSource;
import ai.equilibrium.tensor.HostArrays;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The default feature network of a labelled image data set: a classifier trained on its training split,
 * whose penultimate layer gives the features. Version 1 is 784-512-256-10 with ReLU and softmax, Adam 1e-3,
 * batch 128, seed 1; its 256 features come from the second hidden layer. A change of architecture or
 * training is a new version (the version is part of the extractor's id, so old and new FIDs never mix).
 */
public final class FeatureClassifier {
  public static final int VERSION = 1;
  public static final int FEATURES = 256;
  private static final int CLASSES = 10;
  private static final int BATCH = 128;
  private static final long SEED = 1;

  private FeatureClassifier() {}

  /** A trained classifier and its accuracy on the test split. */
  public record Trained(MultiLayerNetwork network, double testAccuracy) {}

  /** Trains version {@link #VERSION} for {@code epochs} epochs on the training split. */
  public static Trained train(FashionMnistSource.LabelledImages train, FashionMnistSource.LabelledImages test,
      int epochs) {
    MultiLayerNetwork net = new MultiLayerNetwork(configuration(train.images().dimension()));
    net.init();
    int n = train.labels().length;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(SEED);
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (int i = n - 1; i > 0; i--) { // Fisher-Yates, the same order on every machine
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int start = 0; start < n; start += BATCH) {
        int[] batch = java.util.Arrays.copyOfRange(order, start, Math.min(n, start + BATCH));
        net.fit(new DataSet(train.images().rows(batch, DataType.FLOAT), oneHot(train.labels(), batch)));
      }
    }
    return new Trained(net, accuracy(net, test));
  }

  static MultiLayerConfiguration configuration(int inputs) {
    return new NeuralNetConfiguration.Builder()
        .seed(SEED)
        .dataType(DataType.FLOAT)
        .weightInit(WeightInit.XAVIER)
        .updater(new Adam(1e-3))
        .list()
        .layer(new DenseLayer.Builder().nIn(inputs).nOut(512).activation(Activation.RELU).build())
        .layer(new DenseLayer.Builder().nOut(FEATURES).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES).activation(Activation.SOFTMAX)
            .build())
        .setInputType(InputType.feedForward(inputs))
        .build();
  }

  /** The fraction of {@code data} whose most probable class is its label. */
  public static double accuracy(MultiLayerNetwork net, FashionMnistSource.LabelledImages data) {
    int n = data.labels().length;
    int correct = 0;
    for (int start = 0; start < n; start += 1000) {
      int[] rows = new int[Math.min(1000, n - start)];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = start + i;
      }
      INDArray predicted = net.output(data.images().rows(rows, DataType.FLOAT), false).argMax(1);
      for (int i = 0; i < rows.length; i++) {
        if (predicted.getInt(i) == data.labels()[rows[i]]) {
          correct++;
        }
      }
    }
    return correct / (double) n;
  }

  private static INDArray oneHot(int[] labels, int[] rows) {
    float[] values = new float[rows.length * CLASSES];
    for (int i = 0; i < rows.length; i++) {
      values[i * CLASSES + labels[rows[i]]] = 1f;
    }
    return HostArrays.fromFloats(values, rows.length, CLASSES);
  }
}
