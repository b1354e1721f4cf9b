package ai.equilibrium.model;

import ai.equilibrium.data.SampleShape;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Fully connected generator and adversary. The generator ends in tanh for images (data in [-1, 1]) and is
 * linear for points. The mlp-mnist benchmark architecture is z = 64, G 256-512, D 512-256.
 */
public record MlpSpec(int latentDimension, List<Integer> generatorHidden, List<Integer> adversaryHidden)
    implements NetworkSpec {

  public MlpSpec {
    generatorHidden = List.copyOf(generatorHidden);
    adversaryHidden = List.copyOf(adversaryHidden);
  }

  /** The benchmark architecture mlp-mnist. */
  public static MlpSpec mlpMnist() {
    return new MlpSpec(64, List.of(256, 512), List.of(512, 256));
  }

  @Override
  public String name() {
    return "mlp";
  }

  @Override
  public MultiLayerConfiguration generator(SampleShape shape, long seed, DataType precision) {
    IActivation out = shape instanceof SampleShape.Image ? Activation.TANH.getActivationFunction()
        : Activation.IDENTITY.getActivationFunction();
    return stack(latentDimension, generatorHidden, shape.dimension(), out, seed, precision);
  }

  @Override
  public MultiLayerConfiguration adversary(SampleShape shape, long seed, DataType precision) {
    return stack(shape.dimension(), adversaryHidden, 1, Activation.IDENTITY.getActivationFunction(), seed, precision);
  }

  private static MultiLayerConfiguration stack(int in, List<Integer> hidden, int out, IActivation outActivation,
      long seed, DataType precision) {
    NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(precision)
        .weightInit(WeightInit.XAVIER)
        .updater(new NoOp())
        .list();
    int width = in;
    int index = 0;
    for (int h : hidden) {
      layers.layer(index++, new DenseLayer.Builder().nIn(width).nOut(h).activation(new ActivationLReLU(0.2)).build());
      width = h;
    }
    layers.layer(index, new DenseLayer.Builder().nIn(width).nOut(out).activation(outActivation).build());
    return layers.build();
  }
}
