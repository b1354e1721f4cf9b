package ai.equilibrium.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUBp;
import org.nd4j.linalg.factory.Nd4j;

class ActivationStageTest {

  /** The LeakyReLU backward pass in two vectorized ops holds the bits of libnd4j's own leakyrelu_bp, zeros too. */
  @Test
  void leakyReluBackwardHasTheBitsOfLeakyReluBp() {
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      Nd4j.getRandom().setSeed(11);
      INDArray z = Nd4j.randn(type, 64, 33);
      z.getRow(3).assign(0); // a >= 0 takes the slope 1, as leakyrelu_bp's a < 0 ? alpha : 1 does
      INDArray da = Nd4j.randn(type, 64, 33);
      ActivationStage stage = new ActivationStage(new PassArrays(), new PassArrays(), new ActivationLReLU(0.2), true);
      INDArray a = stage.forward(z.dup());
      INDArray expected = Nd4j.exec(new LeakyReLUBp(a.dup(), da.dup(), da.ulike(), 0.2))[0];
      assertArrayEquals(expected.data().asDouble(), stage.backward(da, true).data().asDouble(), 0.0, type.toString());
    }
  }
}
