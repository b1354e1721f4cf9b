package ai.equilibrium.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One differentiable piece of a network (a layer's affine map, its activation, a BatchNorm, a reshape)
 * computed on the DL4J network's own parameter and gradient views.
 */
interface NetworkStage {

  /** Training-mode forward pass; remembers what {@link #backward} needs and never modifies it later. */
  INDArray forward(INDArray input);

  /**
   * Writes this stage's parameter gradients (if any) into the gradient views, overwriting them, and returns
   * d(loss)/d(input), or null if not wanted. May run several times for one forward pass.
   */
  INDArray backward(INDArray outputGradient, boolean wantInputGradient);
}
