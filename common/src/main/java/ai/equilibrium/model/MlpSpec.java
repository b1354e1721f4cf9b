package ai.equilibrium.model;

import ai.equilibrium.data.SampleShape;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Fully connected generator and adversary. The generator ends in tanh for images (data in [-1, 1]) and is
 * linear for points. The mlp-mnist benchmark architecture is z = 64, G 256-512, D 512-256.
 */
public record MlpSpec(int latentDimension, List<Integer> generatorHidden, List<Integer> adversaryHidden,
    Hidden hiddenActivation, double adversaryDropout) implements NetworkSpec {

  /** The activation between hidden layers. */
  public enum Hidden {
    LEAKY_RELU(new ActivationLReLU(0.2)), TANH(new ActivationTanH());

    private final IActivation activation;

    Hidden(IActivation activation) {
      this.activation = activation;
    }
  }

  public MlpSpec {
    generatorHidden = List.copyOf(generatorHidden);
    adversaryHidden = List.copyOf(adversaryHidden);
  }

  /** LeakyReLU 0.2 between hidden layers. */
  public MlpSpec(int latentDimension, List<Integer> generatorHidden, List<Integer> adversaryHidden) {
    this(latentDimension, generatorHidden, adversaryHidden, Hidden.LEAKY_RELU, 0);
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
    return DenseStack.of(latentDimension, generatorHidden, hiddenActivation.activation, 0, shape.dimension(), out,
        seed, precision);
  }

  @Override
  public MultiLayerConfiguration adversary(SampleShape shape, long seed, DataType precision) {
    return DenseStack.of(shape.dimension(), adversaryHidden, hiddenActivation.activation, adversaryDropout, 1,
        Activation.IDENTITY.getActivationFunction(), seed, precision);
  }
}
