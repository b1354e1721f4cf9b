package ai.equilibrium.model;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Fully connected layers: Xavier-initialized (deterministic in the seed), LeakyReLU 0.2 (or another) between them, a
 * plain last layer (no DL4J OutputLayer: losses are computed outside), no updater (optimizers run on the driver).
 */
public final class DenseStack {
  private DenseStack() {}

  public static MultiLayerConfiguration of(int in, List<Integer> hidden, int out, IActivation outActivation, long seed,
      DataType precision) {
    return of(in, hidden, new ActivationLReLU(0.2), 0, out, outActivation, seed, precision);
  }

  /**
   * With {@code hiddenActivation} between the hidden layers, each followed by dropout of {@code dropout} (the
   * probability of dropping; 0 for none) in training passes.
   */
  public static MultiLayerConfiguration of(int in, List<Integer> hidden, IActivation hiddenActivation, double dropout,
      int out, IActivation outActivation, long seed, DataType precision) {
    NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(precision)
        .weightInit(WeightInit.XAVIER)
        .updater(new NoOp())
        .list();
    int width = in;
    int index = 0;
    for (int h : hidden) {
      layers.layer(index++, new DenseLayer.Builder().nIn(width).nOut(h).activation(hiddenActivation).build());
      if (dropout > 0) {
        layers.layer(index++, new DropoutLayer.Builder(1 - dropout).build()); // DL4J's argument: the retain probability
      }
      width = h;
    }
    layers.layer(index, new DenseLayer.Builder().nIn(width).nOut(out).activation(outActivation).build());
    return layers.build();
  }
}
