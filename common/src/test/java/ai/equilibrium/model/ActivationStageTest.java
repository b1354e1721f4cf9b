package ai.equilibrium.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUBp;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.factory.Nd4j;

class ActivationStageTest {

  /** The LeakyReLU forward pass as max(z, alpha z) holds the bits of libnd4j's LeakyRELU, signed zeros too. */
  @Test
  void leakyReluForwardHasTheBitsOfLibnd4jsLeakyRelu() {
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray z = preActivations(type, 7);
      INDArray expected = new ActivationLReLU(0.2).getActivation(z.dup(), true);
      ActivationStage stage = stage(new ActivationLReLU(0.2));
      INDArray actual = stage.forward(z.dup());
      assertArrayEquals(bits(expected), bits(actual), type.toString());
    }
  }

  /** ReLU's backward loop holds the bits of libnd4j's thresholdrelu_bp: zeros of either sign, in a and in da. */
  @Test
  void reluBackwardHasTheBitsOfThresholdReluBp() {
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray z = preActivations(type, 13);
      INDArray da = Nd4j.randn(type, 64, 33);
      da.getColumn(5).assign(-0.0);
      da.getColumn(6).assign(0.0);
      ActivationStage stage = stage(new ActivationReLU());
      INDArray a = stage.forward(z.dup());
      INDArray expected = Nd4j.exec(new ThresholdReluBp(a.dup(), da.dup(), da.ulike(), 0.0))[0];
      INDArray actual = stage.backward(da.dup(), true);
      assertArrayEquals(bits(expected), bits(actual), type.toString());
      // a view that is not one whole row-major buffer takes libnd4j's op, with the same values
      INDArray columns = da.dup('f');
      assertArrayEquals(expected.data().asDouble(), stage.backward(columns, true).dup('c').data().asDouble(), 0.0);
    }
  }

  /** The LeakyReLU backward pass in two vectorized ops holds the bits of libnd4j's own leakyrelu_bp, zeros too. */
  @Test
  void leakyReluBackwardHasTheBitsOfLeakyReluBp() {
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      Nd4j.getRandom().setSeed(11);
      INDArray z = Nd4j.randn(type, 64, 33);
      z.getRow(3).assign(0); // a >= 0 takes the slope 1, as leakyrelu_bp's a < 0 ? alpha : 1 does
      INDArray da = Nd4j.randn(type, 64, 33);
      ActivationStage stage = stage(new ActivationLReLU(0.2));
      INDArray a = stage.forward(z.dup());
      INDArray expected = Nd4j.exec(new LeakyReLUBp(a.dup(), da.dup(), da.ulike(), 0.2))[0];
      assertArrayEquals(expected.data().asDouble(), stage.backward(da, true).data().asDouble(), 0.0, type.toString());
    }
  }

  /** Each value's bits as a double, which keeps a float's sign of zero. */
  private static long[] bits(INDArray a) {
    return Arrays.stream(a.data().asDouble()).mapToLong(Double::doubleToRawLongBits).toArray();
  }

  /** Normal pre-activations from {@code seed}, with a row of +0 and a row of -0. */
  private static INDArray preActivations(DataType type, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray z = Nd4j.randn(type, 64, 33);
    z.getRow(3).assign(0);
    z.getRow(4).assign(-0.0);
    return z;
  }

  /** An in-place stage with its own arrays. */
  private static ActivationStage stage(IActivation activation) {
    return new ActivationStage(new PassArrays(), new ScratchArrays(), activation, true);
  }
}
