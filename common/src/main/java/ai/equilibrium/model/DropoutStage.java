package ai.equilibrium.model;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout in training-mode passes: each element is kept with probability {@code retain} and scaled by
 * 1 / retain, else zeroed. The masks come from the network's noise stream, which the game seeds per micro-batch
 * (so a pass draws the same mask on any backend); the backward pass multiplies by the forward pass' mask.
 * Inference ({@link DifferentiableNetwork#output}) runs DL4J's DropoutLayer, which passes values through.
 */
final class DropoutStage implements NetworkStage {
  private final PassArrays forwardArrays;
  private final ScratchArrays scratch;
  private final double retain;
  private final NoiseStream noise;
  private INDArray mask;

  /** The network's source of masks, seeded by the game before each micro-batch's passes. */
  static final class NoiseStream {
    private SplittableRandom random;

    void seed(long seed) {
      random = new SplittableRandom(seed);
    }

    SplittableRandom random() {
      if (random == null) {
        throw new IllegalStateException("a dropout pass before its noise was seeded (DifferentiableNetwork.seedNoise)");
      }
      return random;
    }
  }

  DropoutStage(PassArrays forwardArrays, ScratchArrays scratch, double retain, NoiseStream noise) {
    if (!(retain > 0 && retain <= 1)) {
      throw new IllegalArgumentException("dropout's retain probability must lie in (0, 1], got " + retain);
    }
    this.forwardArrays = forwardArrays;
    this.scratch = scratch;
    this.retain = retain;
    this.noise = noise;
  }

  @Override
  public INDArray forward(INDArray input) {
    SplittableRandom random = noise.random();
    int length = (int) input.length();
    double scale = 1 / retain;
    if (input.dataType() == DataType.DOUBLE) {
      double[] values = new double[length];
      for (int i = 0; i < length; i++) {
        values[i] = random.nextDouble() < retain ? scale : 0;
      }
      mask = Nd4j.createFromArray(values).reshape('c', input.shape());
    } else {
      float[] values = new float[length];
      for (int i = 0; i < length; i++) {
        values[i] = random.nextDouble() < retain ? (float) scale : 0f;
      }
      mask = Nd4j.createFromArray(values).castTo(input.dataType()).reshape('c', input.shape());
    }
    return forwardArrays.like(input).assign(input).muli(mask);
  }

  @Override
  public INDArray backward(INDArray outputGradient, boolean wantInputGradient) {
    if (!wantInputGradient) {
      return null;
    }
    return scratch.like(outputGradient).assign(outputGradient).muli(mask);
  }
}
