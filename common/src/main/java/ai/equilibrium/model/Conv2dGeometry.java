package ai.equilibrium.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;

/**
 * Kernel, stride, padding and dilation of a 2-D convolution in NCHW, as libnd4j's conv2d/deconv2d integer
 * arguments encode them. Only explicit padding (DL4J's Truncate and Strict modes) is accepted: DL4J and
 * libnd4j place Same-mode padding differently.
 */
record Conv2dGeometry(int kernelHeight, int kernelWidth, int strideHeight, int strideWidth, int padHeight,
    int padWidth, int dilationHeight, int dilationWidth) {

  /** libnd4j's data-format argument for NCHW. */
  private static final int NCHW = 0;
  /** libnd4j's weight-format argument for [out, in, kH, kW] (conv2d) and [in, out, kH, kW] (deconv2d): DL4J's views. */
  private static final int CHANNELS_FIRST_WEIGHTS = 1;

  /** The geometry of a DL4J convolution or deconvolution layer, if libnd4j computes it the same way. */
  static java.util.Optional<Conv2dGeometry> of(ConvolutionLayer layer) {
    if (layer.getConvolutionMode() != ConvolutionMode.Truncate && layer.getConvolutionMode() != ConvolutionMode.Strict) {
      return java.util.Optional.empty();
    }
    int[] k = layer.getKernelSize();
    int[] s = layer.getStride();
    int[] p = layer.getPadding();
    int[] d = layer.getDilation();
    return java.util.Optional.of(new Conv2dGeometry(k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1]));
  }

  int[] integerArguments() {
    return new int[] {kernelHeight, kernelWidth, strideHeight, strideWidth, padHeight, padWidth, dilationHeight,
        dilationWidth, 0, NCHW, CHANNELS_FIRST_WEIGHTS};
  }

  long convolutionOutput(long size, int kernel, int stride, int pad, int dilation) {
    return (size + 2L * pad - ((kernel - 1L) * dilation + 1)) / stride + 1;
  }

  long deconvolutionOutput(long size, int kernel, int stride, int pad, int dilation) {
    return stride * (size - 1) + ((kernel - 1L) * dilation + 1) - 2L * pad;
  }

  long[] convolutionOutputShape(long[] input, long channels) {
    return new long[] {input[0], channels, convolutionOutput(input[2], kernelHeight, strideHeight, padHeight, dilationHeight),
        convolutionOutput(input[3], kernelWidth, strideWidth, padWidth, dilationWidth)};
  }

  long[] deconvolutionOutputShape(long[] input, long channels) {
    return new long[] {input[0], channels,
        deconvolutionOutput(input[2], kernelHeight, strideHeight, padHeight, dilationHeight),
        deconvolutionOutput(input[3], kernelWidth, strideWidth, padWidth, dilationWidth)};
  }
}
