package ai.equilibrium.metrics;

import ai.equilibrium.data.ImageShardSource;
import ai.equilibrium.tensor.HostArrays;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The feature network of a prepared image folder with attributes (CelebA's 40): a multi-label classifier
 * trained on the folder's train split, whose penultimate layer gives the features, so that faces are scored by
 * what distinguishes faces and no download is needed. Version 1: four 4x4 stride-2 convolutions (32, 64, 128,
 * 256 channels, LeakyReLU 0.2), a 256-unit ReLU layer (the features), and one sigmoid per attribute under
 * binary cross-entropy, attributes that are unknown (0) masked out; Adam 1e-3, batch 64, seed 1. Its id names
 * the manifest hash of the data it was trained on.
 */
public final class AttributeClassifier {
  public static final int VERSION = 1;
  public static final int FEATURES = 256;
  public static final int BATCH = 64;
  private static final long SEED = 1;

  private AttributeClassifier() {}

  /** The extractor name of a classifier trained on the prepared folder whose manifest has {@code contentHash}. */
  public static String name(String contentHash) {
    return "attributes-v" + VERSION + "-" + contentHash.substring(0, 12);
  }

  public static MultiLayerConfiguration configuration(int channels, int height, int width, int attributes) {
    var list = new NeuralNetConfiguration.Builder()
        .seed(SEED)
        .dataType(DataType.FLOAT)
        .weightInit(WeightInit.RELU)
        .updater(new Adam(1e-3))
        .list();
    int in = channels;
    for (int out : new int[] {32, 64, 128, 256}) {
      list.layer(new ConvolutionLayer.Builder(4, 4).stride(2, 2).padding(1, 1).nIn(in).nOut(out)
          .activation(new ActivationLReLU(0.2)).build());
      in = out;
    }
    return list
        .layer(new DenseLayer.Builder().nOut(FEATURES).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(attributes).activation(Activation.SIGMOID)
            .build())
        .setInputType(InputType.convolutionalFlat(height, width, channels))
        .build();
  }

  /**
   * The given rows as one minibatch: images in [-1, 1], labels 1 for attribute value 1 and 0 for -1, and a
   * mask that leaves out unknown (0) values.
   */
  public static DataSet batch(ImageShardSource.LabelledImages data, int[] rows) {
    int k = data.count();
    float[] labels = new float[rows.length * k];
    float[] mask = new float[rows.length * k];
    for (int r = 0; r < rows.length; r++) {
      for (int a = 0; a < k; a++) {
        byte v = data.attributes()[rows[r] * k + a];
        labels[r * k + a] = v > 0 ? 1f : 0f;
        mask[r * k + a] = v == 0 ? 0f : 1f;
      }
    }
    return new DataSet(data.images().rows(rows, DataType.FLOAT), HostArrays.fromFloats(labels, rows.length, k), null,
        HostArrays.fromFloats(mask, rows.length, k));
  }

  /** A permutation of 0..n-1 for one epoch, the same on every machine. */
  public static int[] shuffled(int n, long seed) {
    int[] order = new int[n];
    Arrays.setAll(order, i -> i);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** Trains on {@code train} in this JVM (small folders and tests; the job trains on Spark). */
  public static MultiLayerNetwork train(ImageShardSource.LabelledImages train, int channels, int height, int width,
      int epochs) {
    MultiLayerNetwork net = new MultiLayerNetwork(configuration(channels, height, width, train.count()));
    net.init();
    int n = train.images().size();
    for (int epoch = 0; epoch < epochs; epoch++) {
      int[] order = shuffled(n, SEED + epoch);
      for (int start = 0; start < n; start += BATCH) {
        net.fit(batch(train, Arrays.copyOfRange(order, start, Math.min(n, start + BATCH))));
      }
    }
    return net;
  }

  /** The fraction of known attribute values that the classifier predicts (probability above one half). */
  public static double meanAccuracy(MultiLayerNetwork net, ImageShardSource.LabelledImages data) {
    int n = data.images().size();
    int k = data.count();
    long correct = 0;
    long known = 0;
    for (int start = 0; start < n; start += 500) {
      int[] rows = new int[Math.min(500, n - start)];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = start + i;
      }
      INDArray p = net.output(data.images().rows(rows, DataType.FLOAT), false);
      for (int r = 0; r < rows.length; r++) {
        for (int a = 0; a < k; a++) {
          byte v = data.attributes()[rows[r] * k + a];
          if (v != 0) {
            known++;
            correct += (p.getFloat(r, a) > 0.5f) == (v > 0) ? 1 : 0;
          }
        }
      }
    }
    return known == 0 ? Double.NaN : (double) correct / known;
  }
}
