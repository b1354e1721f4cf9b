package ai.equilibrium.model;

import ai.equilibrium.data.SampleShape;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The DCGAN of Radford et al. for 64x64 RGB images with 64 base filters (the dcgan-64 benchmark architecture),
 * convolutions without biases: G deconv z -> 512 (k4 s1 p0) 4x4, then 512 -> 256 -> 128 -> 64 (k4 s2 p1), each
 * with BatchNorm and ReLU, then 64 -> 3 (k4 s2 p1) and tanh; D conv 3 -> 64 (k4 s2 p1) and LReLU 0.2, then
 * 64 -> 128 -> 256 -> 512 (k4 s2 p1) with BatchNorm and LReLU, then one logit. D's last convolution (512 -> 1,
 * k4 s1 p0 over the 4x4 map) is written as the equal dense map of the flattened map, so that the logit comes
 * out as [n, 1]. G 3,576,704 and D 2,765,568 trainable parameters, besides BatchNorm's running statistics.
 */
public record Dcgan64Spec(int latentDimension) implements NetworkSpec {
  private static final int[] GENERATOR_CHANNELS = {512, 256, 128, 64};
  private static final int[] ADVERSARY_CHANNELS = {64, 128, 256, 512};

  @Override
  public String name() {
    return "dcgan-64";
  }

  @Override
  public MultiLayerConfiguration generator(SampleShape shape, long seed, DataType precision) {
    requireImage(shape);
    NeuralNetConfiguration.ListBuilder layers = DcganConfigurations.base(seed, precision).list();
    int index = 0;
    int in = latentDimension;
    for (int c = 0; c < GENERATOR_CHANNELS.length; c++) {
      int out = GENERATOR_CHANNELS[c];
      layers.layer(index++, c == 0 ? deconv(in, out, 1, 0, Activation.IDENTITY) : deconv(in, out, 2, 1, Activation.IDENTITY));
      layers.layer(index++, new BatchNormalization.Builder().build());
      layers.layer(index++, new ActivationLayer.Builder().activation(Activation.RELU).build());
      in = out;
    }
    layers.layer(index, deconv(in, 3, 2, 1, Activation.TANH));
    return layers.inputPreProcessor(0, new FeedForwardToCnnPreProcessor(1, 1, latentDimension))
        .setInputType(InputType.feedForward(latentDimension))
        .build();
  }

  @Override
  public MultiLayerConfiguration adversary(SampleShape shape, long seed, DataType precision) {
    requireImage(shape);
    NeuralNetConfiguration.ListBuilder layers = DcganConfigurations.base(seed, precision).list();
    int index = 0;
    int in = 3;
    for (int c = 0; c < ADVERSARY_CHANNELS.length; c++) {
      int out = ADVERSARY_CHANNELS[c];
      if (c == 0) {
        layers.layer(index++, conv(in, out, new ActivationLReLU(0.2)));
      } else {
        layers.layer(index++, conv(in, out, Activation.IDENTITY.getActivationFunction()));
        layers.layer(index++, new BatchNormalization.Builder().build());
        layers.layer(index++, new ActivationLayer.Builder().activation(new ActivationLReLU(0.2)).build());
      }
      in = out;
    }
    layers.layer(index, new DenseLayer.Builder().nOut(1).hasBias(false).activation(Activation.IDENTITY).build());
    return layers.setInputType(InputType.convolutionalFlat(64, 64, 3)).build();
  }

  private static Deconvolution2D deconv(int in, int out, int stride, int padding, Activation activation) {
    return new Deconvolution2D.Builder().nIn(in).nOut(out).kernelSize(4, 4).stride(stride, stride)
        .padding(padding, padding).hasBias(false).activation(activation).build();
  }

  private static ConvolutionLayer conv(int in, int out, IActivation activation) {
    return new ConvolutionLayer.Builder().nIn(in).nOut(out).kernelSize(4, 4).stride(2, 2).padding(1, 1)
        .hasBias(false).activation(activation).build();
  }

  private static void requireImage(SampleShape shape) {
    if (!(shape instanceof SampleShape.Image image) || image.channels() != 3 || image.height() != 64 || image.width() != 64) {
      throw new IllegalArgumentException("dcgan-64 needs 64x64 RGB images, the data has shape " + shape);
    }
  }
}
