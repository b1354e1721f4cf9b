package ai.equilibrium.model;

import ai.equilibrium.data.SampleShape;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The DCGAN for 28x28 single-channel images (the dcgan-28 benchmark architecture): G dense z -> 128x7x7, BatchNorm,
 * ReLU, deconv 128->64 (k4 s2 p1), BatchNorm, ReLU, deconv 64->1 (k4 s2 p1), tanh; D conv 1->64 (k4 s2 p1),
 * LReLU, conv 64->128, BatchNorm, LReLU, dense 6272 -> 1. Weights from N(0, 0.02) as in Radford et al.
 */
public record Dcgan28Spec(int latentDimension) implements NetworkSpec {

  @Override
  public String name() {
    return "dcgan-28";
  }

  @Override
  public MultiLayerConfiguration generator(SampleShape shape, long seed, DataType precision) {
    requireImage(shape);
    return DcganConfigurations.base(seed, precision).list()
        .layer(0, new DenseLayer.Builder().nIn(latentDimension).nOut(128 * 7 * 7).activation(Activation.IDENTITY).build())
        .layer(1, new BatchNormalization.Builder().build())
        .layer(2, new ActivationLayer.Builder().activation(Activation.RELU).build())
        .layer(3, deconv(128, 64, Activation.IDENTITY))
        .layer(4, new BatchNormalization.Builder().build())
        .layer(5, new ActivationLayer.Builder().activation(Activation.RELU).build())
        .layer(6, deconv(64, 1, Activation.TANH))
        .inputPreProcessor(3, new FeedForwardToCnnPreProcessor(7, 7, 128))
        .setInputType(InputType.feedForward(latentDimension))
        .build();
  }

  @Override
  public MultiLayerConfiguration adversary(SampleShape shape, long seed, DataType precision) {
    requireImage(shape);
    return DcganConfigurations.base(seed, precision).list()
        .layer(0, conv(1, 64).activation(new ActivationLReLU(0.2)).build())
        .layer(1, conv(64, 128).activation(Activation.IDENTITY).build())
        .layer(2, new BatchNormalization.Builder().build())
        .layer(3, new ActivationLayer.Builder().activation(new ActivationLReLU(0.2)).build())
        .layer(4, new DenseLayer.Builder().nOut(1).activation(Activation.IDENTITY).build())
        .setInputType(InputType.convolutionalFlat(28, 28, 1))
        .build();
  }

  private static Deconvolution2D deconv(int in, int out, Activation activation) {
    return new Deconvolution2D.Builder().nIn(in).nOut(out).kernelSize(4, 4).stride(2, 2).padding(1, 1)
        .activation(activation).build();
  }

  private static ConvolutionLayer.Builder conv(int in, int out) {
    return new ConvolutionLayer.Builder().nIn(in).nOut(out).kernelSize(4, 4).stride(2, 2).padding(1, 1);
  }

  private static void requireImage(SampleShape shape) {
    if (!(shape instanceof SampleShape.Image image) || image.channels() != 1 || image.height() != 28 || image.width() != 28) {
      throw new IllegalArgumentException("dcgan-28 needs 28x28 single-channel images, the data has shape " + shape);
    }
  }
}
