package ai.equilibrium.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fully connected layer's affine map, z = x W + b, with W [in, out] and b [1, out] as DL4J lays them out (or
 * without a bias: b and its gradient null).
 */
final class DenseStage implements NetworkStage {
  private final PassArrays forwardArrays;
  private final ScratchArrays scratch;
  private final INDArray weights;
  private final INDArray bias;
  private final INDArray weightGradient;
  private final INDArray biasGradient;
  private INDArray input;

  DenseStage(PassArrays forwardArrays, ScratchArrays scratch, INDArray weights, INDArray bias, INDArray weightGradient, INDArray biasGradient) {
    this.forwardArrays = forwardArrays;
    this.scratch = scratch;
    this.weights = weights;
    this.bias = bias;
    this.weightGradient = weightGradient;
    this.biasGradient = biasGradient;
  }

  @Override
  public INDArray forward(INDArray x) {
    input = x;
    INDArray z = forwardArrays.create(x.dataType(), x.size(0), weights.size(1));
    Nd4j.gemm(x, weights, z, false, false, 1.0, 0.0);
    return bias == null ? z : z.addiRowVector(bias);
  }

  @Override
  public INDArray backward(INDArray dz, boolean wantInputGradient) {
    Nd4j.gemm(input, dz, weightGradient, true, false, 1.0, 0.0);
    if (biasGradient != null) {
      dz.sum(biasGradient, 0);
    }
    if (!wantInputGradient) {
      return null;
    }
    return Nd4j.gemm(dz, weights, scratch.like(input), false, true, 1.0, 0.0);
  }
}
