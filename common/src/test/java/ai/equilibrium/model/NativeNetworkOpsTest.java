package ai.equilibrium.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.data.SampleShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The convolutional path asks libnd4j for the ops that its platform helpers implement (cuDNN in the CUDA
 * build's cudnn classifier, oneDNN in the onednn CPU build), with the arguments those helpers accept: NCHW
 * data, channels-first weights, rank-1 per-channel BatchNorm statistics on axis 1, float data. A call the
 * helpers refuse would silently fall back to libnd4j's generic kernels, so this is what keeps a GPU run on
 * cuDNN.
 */
class NativeNetworkOpsTest {
  /**
   * Ops with a oneDNN helper in nd4j-native 1.0.0-M2.1 linux-x86_64-onednn-avx2 (PLATFORM_*_ENGINE_CPU in
   * libnd4jcpu.so).
   */
  private static final Set<String> ONEDNN = Set.of("conv2d", "conv2d_bp", "deconv2d", "deconv2d_bp", "batchnorm");
  /**
   * Ops with a cuDNN helper in nd4j-cuda-11.6 1.0.0-M2.1 linux-x86_64-cudnn (PLATFORM_*_ENGINE_CUDA in
   * libnd4jcuda.so) that accepts these calls. It has none for deconv2d, which runs on libnd4j's own CUDA kernels
   * (col2im and cuBLAS), and its batchnorm helper's check accepts per-channel statistics only for one channel
   * (it asks for a mean of length 1 with one axis, in the source at the build's commit and in the compiled
   * check), so BatchNorm with more channels also runs on libnd4j's CUDA kernels.
   */
  private static final Set<String> CUDNN = Set.of("conv2d", "conv2d_bp");

  private record Call(String op, INDArray[] inputs, INDArray[] outputs, int[] integerArguments,
      double[] floatArguments) {}

  @Test
  void bothDcgansAskOnlyForHelpedOpsWithArgumentsTheHelpersAccept() {
    for (NetworkSpec spec : List.of(new Dcgan28Spec(8), new Dcgan64Spec(8))) {
      SampleShape shape = spec instanceof Dcgan28Spec ? new SampleShape.Image(1, 28, 28) : new SampleShape.Image(3, 64, 64);
      List<Call> calls = new ArrayList<>();
      NativeOps libnd4j = NativeOps.libnd4j();
      NativeOps recording = (op, in, out, ints, floats) -> {
        calls.add(new Call(op, in, out, ints, floats));
        libnd4j.exec(op, in, out, ints, floats);
      };
      DifferentiableNetwork generator = network(spec.generator(shape, 1L, DataType.FLOAT), recording);
      DifferentiableNetwork adversary = network(spec.adversary(shape, 2L, DataType.FLOAT), recording);
      INDArray images = generator.forward(Nd4j.randn(DataType.FLOAT, 4, 8));
      INDArray logits = adversary.forward(images.reshape('c', 4, shape.dimension()));
      INDArray imageGradient = adversary.backward(logits.like().assign(1), true);
      generator.backward(imageGradient.reshape('c', images.shape()), false);

      Set<String> asked = new TreeSet<>();
      for (Call call : calls) {
        asked.add(call.op());
        assertTrue(ONEDNN.contains(call.op()), spec.name() + " asked for " + call.op() + ", which oneDNN lacks");
        if (call.op().startsWith("conv2d")) {
          assertTrue(CUDNN.contains(call.op()), call.op() + " on cuDNN");
          assertEquals(0, call.integerArguments()[9], "conv2d_bp's cuDNN helper takes NCHW only");
        }
        for (INDArray array : call.inputs()) {
          assertEquals(DataType.FLOAT, array.dataType(), call.op());
        }
        assertEquals(4, call.inputs()[0].rank(), call.op() + " runs on NCHW feature maps");
        if (call.op().equals("batchnorm")) {
          assertArrayEquals(new int[] {1, 1, 1}, call.integerArguments(), "scale, offset, channel axis 1");
          for (int i = 1; i < 5; i++) {
            assertEquals(1, call.inputs()[i].rank(), "per-channel vectors");
            assertEquals(call.inputs()[0].size(1), call.inputs()[i].length());
          }
        } else {
          int[] args = call.integerArguments();
          assertEquals(11, args.length);
          assertEquals(0, args[8], "explicit padding");
          assertEquals(0, args[9], "NCHW");
          assertEquals(1, args[10], "channels-first weights");
          INDArray weights = call.inputs()[1];
          long inputChannels = call.inputs()[0].size(1);
          assertEquals(inputChannels, weights.size(call.op().startsWith("deconv") ? 0 : 1), "weights match wFormat 1");
        }
      }
      assertEquals(new TreeSet<>(ONEDNN), asked, spec.name() + " runs every convolution and BatchNorm on them");
    }
  }

  private static DifferentiableNetwork network(MultiLayerConfiguration conf, NativeOps ops) {
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return NativeNetwork.of(net, ops, new ScratchArrays()).orElseThrow();
  }
}
