package ai.equilibrium.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's feed-forward/CNN preprocessors in NCHW: a row-major reshape between [n, c*h*w] and [n, c, h, w].
 */
final class ReshapeStage implements NetworkStage {
  /** The output shape without the batch dimension. */
  private final long[] sampleShape;
  private long[] inputShape;

  ReshapeStage(long... sampleShape) {
    this.sampleShape = sampleShape;
  }

  @Override
  public INDArray forward(INDArray x) {
    inputShape = x.shape();
    long[] shape = new long[sampleShape.length + 1];
    shape[0] = x.size(0);
    System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
    return x.reshape('c', shape);
  }

  @Override
  public INDArray backward(INDArray dy, boolean wantInputGradient) {
    return wantInputGradient ? dy.reshape('c', inputShape) : null;
  }

}
