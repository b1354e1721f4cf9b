package ai.equilibrium.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.data.SampleShape;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The native network computes exactly what DL4J's own dense layers compute, on the same parameters. */
class DenseStackNetworkTest {

  @Test
  void matchesDl4jLayersOnOutputsParameterGradientsAndInputGradients() {
    MlpSpec spec = new MlpSpec(5, List.of(7, 6), List.of(6));
    for (MultiLayerConfiguration conf : List.of(spec.generator(new SampleShape.Image(1, 2, 2), 3L, DataType.DOUBLE),
        spec.generator(new SampleShape.Point(3), 4L, DataType.DOUBLE))) {
      DifferentiableNetwork fast = Networks.build(conf);
      assertInstanceOf(NativeNetwork.class, fast);
      DifferentiableNetwork reference = new Dl4jNetwork(new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(conf.clone()));
      reference.dl4j().init();
      reference.parameters().assign(fast.parameters());

      INDArray x = Nd4j.rand(DataType.DOUBLE, 9, 5).subi(0.5).muli(4);
      INDArray fastOut = fast.forward(x);
      INDArray referenceOut = reference.forward(x);
      assertTrue(referenceOut.equalsWithEps(fastOut, 1e-12), "outputs");

      INDArray error = Nd4j.rand(DataType.DOUBLE, fastOut.shape()).subi(0.5);
      INDArray fastInputGradient = fast.backward(error.dup(), true);
      INDArray referenceInputGradient = reference.backward(error.dup(), true);
      assertTrue(referenceInputGradient.equalsWithEps(fastInputGradient, 1e-12), "input gradients");
      assertTrue(reference.gradients().equalsWithEps(fast.gradients(), 1e-12), "parameter gradients");
      assertTrue(fast.gradients().norm2Number().doubleValue() > 0);

      fast.forward(x);
      assertNull(fast.backward(error.dup(), false), "no input gradient when none is wanted");
      assertTrue(reference.gradients().equalsWithEps(fast.gradients(), 1e-12), "same parameter gradients without it");
      assertEquals(fast.parameters().length(), fast.dl4j().numParams());
    }
  }

  @Test
  void convolutionalNetworksGoToNativeOps() {
    assertInstanceOf(NativeNetwork.class,
        Networks.build(new Dcgan28Spec(4).adversary(new SampleShape.Image(1, 28, 28), 1L, DataType.FLOAT)));
  }
}
