package ai.equilibrium.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network as the games use it: a training-mode forward pass, then the backward pass of an external
 * error (the adversarial loss is computed outside the network). Parameters and gradients are flat buffers
 * in DL4J's layout, so the same values load into a {@link MultiLayerNetwork} for saving. Not thread-safe.
 */
public interface DifferentiableNetwork {

  /** Training-mode forward pass (batch statistics for BatchNorm); remembers what {@link #backward} needs. */
  INDArray forward(INDArray input);

  /**
   * Backward pass of the last {@link #forward}, which may be differentiated several times: writes d(loss)/d(parameters), summed over the batch, into
   * {@link #gradients()} (overwriting it) and returns d(loss)/d(input), or null if not wanted.
   *
   * @param outputGradient d(loss)/d(output), shaped like the output
   */
  INDArray backward(INDArray outputGradient, boolean wantInputGradient);

  /** Whether training-mode passes draw random masks (dropout), which {@link #seedNoise} must seed first. */
  default boolean hasNoise() {
    return false;
  }

  /** Seeds the masks of the training-mode passes that follow (a game seeds them per micro-batch). */
  default void seedNoise(long seed) {
    throw new UnsupportedOperationException("this network draws no noise");
  }

  /** Inference-mode output (BatchNorm running statistics); does not disturb a pending backward pass' state. */
  INDArray output(INDArray input);

  /** The flat parameter buffer, writable: writing it changes the network. */
  INDArray parameters();

  /** The flat gradient buffer of the last backward pass, same layout as {@link #parameters()}. */
  INDArray gradients();

  /** The DL4J network sharing these parameters, for layouts and ModelSerializer. */
  MultiLayerNetwork dl4j();
}
