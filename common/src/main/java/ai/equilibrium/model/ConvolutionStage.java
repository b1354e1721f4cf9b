package ai.equilibrium.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2-D convolution (or transposed convolution) with bias through libnd4j's conv2d/conv2d_bp
 * (deconv2d/deconv2d_bp), reading DL4J's weight view in place: [out, in, kH, kW] for a convolution, [in, out,
 * kH, kW] for a deconvolution. The backward op writes the weight and bias gradients straight into DL4J's
 * gradient views. Without a bias, {@code bias} and its gradient are null and the ops get no bias argument.
 */
final class ConvolutionStage implements NetworkStage {
  private final NativeOps ops;
  private final PassArrays forwardArrays;
  private final ScratchArrays scratch;
  private final boolean transposed;
  private final Conv2dGeometry geometry;
  private final INDArray weights;
  private final INDArray bias;
  private final INDArray weightGradient;
  private final INDArray biasGradient;
  private final long outputChannels;
  private INDArray input;

  /**
   * @param bias         the bias view as a vector [out]
   * @param biasGradient the bias gradient view as a vector [out]
   */
  ConvolutionStage(NativeOps ops, PassArrays forwardArrays, ScratchArrays scratch, boolean transposed, Conv2dGeometry geometry, INDArray weights, INDArray bias,
      INDArray weightGradient, INDArray biasGradient) {
    this.ops = ops;
    this.forwardArrays = forwardArrays;
    this.scratch = scratch;
    this.transposed = transposed;
    this.geometry = geometry;
    this.weights = weights;
    this.bias = bias;
    this.weightGradient = weightGradient;
    this.biasGradient = biasGradient;
    this.outputChannels = transposed ? weights.size(1) : weights.size(0);
  }

  @Override
  public INDArray forward(INDArray x) {
    input = x;
    long[] shape = transposed ? geometry.deconvolutionOutputShape(x.shape(), outputChannels)
        : geometry.convolutionOutputShape(x.shape(), outputChannels);
    INDArray y = forwardArrays.create(x.dataType(), shape);
    ops.exec(transposed ? "deconv2d" : "conv2d", bias == null ? new INDArray[] {x, weights} : new INDArray[] {x, weights, bias},
        new INDArray[] {y},
        geometry.integerArguments(), new double[0]);
    return y;
  }

  @Override
  public INDArray backward(INDArray dy, boolean wantInputGradient) {
    // The op always computes the input gradient; it is dropped when nobody wants it.
    INDArray dx = scratch.like(input);
    INDArray[] inputs = bias == null ? new INDArray[] {input, weights, dy} : new INDArray[] {input, weights, bias, dy};
    INDArray[] outputs = bias == null ? new INDArray[] {dx, weightGradient} : new INDArray[] {dx, weightGradient, biasGradient};
    ops.exec(transposed ? "deconv2d_bp" : "conv2d_bp", inputs, outputs, geometry.integerArguments(), new double[0]);
    if (wantInputGradient) {
      return dx;
    }
    scratch.give(dx);
    return null;
  }
}
