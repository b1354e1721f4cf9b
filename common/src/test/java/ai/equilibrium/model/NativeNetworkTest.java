package ai.equilibrium.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.data.SampleShape;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The native-op network computes what DL4J's own layers compute on the same parameters: outputs, input
 * gradients, parameter gradients and BatchNorm's running-statistic updates (log10(std) and variance forms), in
 * double and in float.
 */
class NativeNetworkTest {

  static Stream<Arguments> networks() {
    SampleShape image = new SampleShape.Image(1, 28, 28);
    Dcgan28Spec spec = new Dcgan28Spec(6);
    Stream<Arguments> dcgan = Stream.of(DataType.DOUBLE, DataType.FLOAT).flatMap(precision -> Stream.of(
        Arguments.of("dcgan-28 generator " + precision, spec.generator(image, 3L, precision), new long[] {5, 6}, 1.0),
        Arguments.of("dcgan-28 adversary " + precision, spec.adversary(image, 4L, precision), new long[] {5, 784},
            1.0)));
    // Variances near BatchNorm's epsilon, where libnd4j's batchnorm_bp drifts from the exact gradient; in
    // double, since float cannot resolve the difference there.
    SampleShape rgb = new SampleShape.Image(3, 64, 64);
    Dcgan64Spec spec64 = new Dcgan64Spec(5);
    Stream<Arguments> others = Stream.of(
        Arguments.of("small-variance feature maps", smallVariance(DataType.DOUBLE), new long[] {4, 3, 8, 8}, 0.003),
        // No biases, a 1x1 -> 4x4 deconvolution, a dense logit without bias.
        Arguments.of("dcgan-64 generator", spec64.generator(rgb, 5L, DataType.DOUBLE), new long[] {3, 5}, 1.0),
        Arguments.of("dcgan-64 adversary", spec64.adversary(rgb, 6L, DataType.DOUBLE), new long[] {3, 3 * 64 * 64},
            1.0));
    return Stream.concat(dcgan, others);
  }

  private static MultiLayerConfiguration smallVariance(DataType precision) {
    return new NeuralNetConfiguration.Builder().seed(1).dataType(precision).updater(new NoOp())
        .convolutionMode(ConvolutionMode.Truncate).list()
        .layer(new ConvolutionLayer.Builder().nIn(3).nOut(2).kernelSize(3, 3).stride(1, 1).padding(1, 1)
            .activation(Activation.IDENTITY).build())
        .layer(new BatchNormalization.Builder().useLogStd(false).build())
        .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
        .setInputType(InputType.convolutional(8, 8, 3))
        .build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void matchesDl4jLayers(String name, MultiLayerConfiguration conf, long[] inputShape, double inputScale) {
    DataType precision = conf.getDataType();
    double tolerance = precision == DataType.DOUBLE ? 1e-10 : 2e-4;
    MultiLayerNetwork net = new MultiLayerNetwork(conf.clone());
    net.init();
    DifferentiableNetwork fast = NativeNetwork.of(net).orElseThrow();
    MultiLayerNetwork referenceNet = new MultiLayerNetwork(conf.clone());
    referenceNet.init();
    DifferentiableNetwork reference = new Dl4jNetwork(referenceNet);
    Nd4j.getRandom().setSeed(17);
    // Non-trivial BatchNorm parameters and running statistics, so every term of its gradient shows.
    fast.parameters().addi(Nd4j.rand(precision, fast.parameters().shape()).subi(0.5).muli(0.2));
    reference.parameters().assign(fast.parameters());

    INDArray x = Nd4j.rand(precision, inputShape).subi(0.5).muli(2 * inputScale);
    INDArray fastOut = fast.forward(x.dup());
    INDArray referenceOut = reference.forward(x.dup());
    assertClose(referenceOut, fastOut, tolerance, "outputs");

    INDArray error = Nd4j.rand(precision, fastOut.shape()).subi(0.5);
    INDArray fastInputGradient = fast.backward(error.dup(), true);
    INDArray referenceInputGradient = reference.backward(error.dup(), true);
    assertClose(referenceInputGradient.reshape(x.shape()), fastInputGradient.reshape(x.shape()), tolerance,
        "input gradients");
    assertClose(reference.gradients(), fast.gradients(), tolerance, "parameter gradients");
    assertTrue(fast.gradients().norm2Number().doubleValue() > 0);

    INDArray first = fast.gradients().dup();
    assertNull(fast.backward(error.dup(), false), "no input gradient when none is wanted");
    assertEquals(first, fast.gradients(), "a second backward pass of the same forward pass gives the same gradients");
    assertEquals(fast.parameters().length(), fast.dl4j().numParams());

    // What a pass hands out stays valid through the next passes, which free the rest of their arrays.
    INDArray heldOutput = fast.forward(x.dup());
    INDArray heldInputGradient = fast.backward(error.dup(), true);
    fast.forward(x.mul(0.5));
    fast.backward(error.mul(2), true);
    assertClose(referenceOut, heldOutput, tolerance, "an earlier output after later passes");
    assertClose(referenceInputGradient.reshape(x.shape()), heldInputGradient.reshape(x.shape()), tolerance,
        "an earlier input gradient after later passes");
  }

  private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
    double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
    double difference = expected.sub(actual).amaxNumber().doubleValue();
    assertTrue(difference <= tolerance * scale,
        what + ": max |difference| " + difference + " against max |value| " + scale);
  }
}
