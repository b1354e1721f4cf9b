package ai.equilibrium.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Calls libnd4j's declarable ops by name. The op name and arguments decide which platform helper runs it
 * (oneDNN in the CPU build, cuDNN in the CUDA build), so this seam is where a test sees what was asked for.
 */
public interface NativeOps {

  /** Runs {@code op} writing into {@code outputs}, which must be allocated with the op's output shapes. */
  void exec(String op, INDArray[] inputs, INDArray[] outputs, int[] integerArguments, double[] floatArguments);

  /** The libnd4j backend on the class path (nd4j-native or nd4j-cuda). */
  static NativeOps libnd4j() {
    return (op, inputs, outputs, integerArguments, floatArguments) -> Nd4j.exec(DynamicCustomOp.builder(op)
        .addInputs(inputs)
        .addOutputs(outputs)
        .addIntegerArguments(integerArguments)
        .addFloatingPointArguments(boxed(floatArguments))
        .build());
  }

  private static Double[] boxed(double[] values) {
    Double[] boxed = new Double[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }
}
