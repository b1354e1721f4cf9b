package ai.equilibrium.model;

import ai.equilibrium.tensor.HostArrays;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.same.Max;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An elementwise activation. When its derivative can be recovered from its output (identity, ReLU, LeakyReLU
 * with a positive slope, tanh, sigmoid) and its input is a fresh array of the previous stage, it is applied in
 * place and only the output is kept; otherwise the pre-activation is kept and DL4J's own backprop used.
 */
final class ActivationStage implements NetworkStage {
  private final PassArrays forwardArrays;
  private final ScratchArrays scratch;
  private final IActivation activation;
  private final boolean inPlace;
  /** The output when the derivative is taken from it, else the pre-activation. */
  private INDArray saved;

  /** @param mayOverwriteInput whether the input is an intermediate array nobody else reads */
  ActivationStage(PassArrays forwardArrays, ScratchArrays scratch, IActivation activation,
      boolean mayOverwriteInput) {
    this.forwardArrays = forwardArrays;
    this.scratch = scratch;
    this.activation = activation;
    this.inPlace = mayOverwriteInput && differentiableFromOutput(activation);
  }

  private static boolean differentiableFromOutput(IActivation activation) {
    return activation instanceof ActivationIdentity || activation instanceof ActivationTanH
        || activation instanceof ActivationSigmoid
        || (activation instanceof ActivationLReLU lrelu && lrelu.getAlpha() > 0)
        || (activation instanceof ActivationReLU relu && isPlainRelu(relu));
  }

  private static boolean isPlainRelu(ActivationReLU relu) {
    return relu.getMax() == null && (relu.getThreshold() == null || relu.getThreshold() == 0.0)
        && (relu.getNegativeSlope() == null || relu.getNegativeSlope() == 0.0);
  }

  @Override
  public INDArray forward(INDArray z) {
    if (activation instanceof ActivationIdentity) {
      saved = z;
      return z;
    }
    if (inPlace && activation instanceof ActivationLReLU lrelu && lrelu.getAlpha() < 1) {
      // max(z, alpha z), two vectorized passes with the bits of libnd4j's LeakyRELU (z < 0 ? alpha z : z), which
      // ran at a few nanoseconds an element and took a fifteenth of the mlp step
      INDArray scaled = z.mul(lrelu.getAlpha(), scratch.like(z));
      Nd4j.exec(new Max(z, scaled, z));
      scratch.give(scaled);
      saved = z;
      return saved;
    }
    if (inPlace) {
      saved = activation.getActivation(z, true);
      return saved;
    }
    saved = z;
    return activation.getActivation(forwardArrays.like(z).assign(z), true);
  }

  @Override
  public INDArray backward(INDArray da, boolean wantInputGradient) {
    if (!wantInputGradient) {
      return null;
    }
    if (activation instanceof ActivationIdentity) {
      return da;
    }
    if (!inPlace) {
      // DL4J overwrites the array it is given
      INDArray copy = scratch.like(saved).assign(saved);
      INDArray dz = activation.backprop(copy, da).getFirst();
      if (!PassArrays.sameMemory(copy, dz)) {
        scratch.give(copy);
      }
      return dz;
    }
    if (activation instanceof ActivationTanH) {
      return saved.mul(saved, scratch.like(da)).rsubi(1).muli(da);
    }
    if (activation instanceof ActivationSigmoid) {
      return saved.rsub(1, scratch.like(da)).muli(saved).muli(da);
    }
    if (activation instanceof ActivationLReLU lrelu) {
      // the slope (1 where a >= 0, alpha below), times da: two vectorized passes with LeakyReLUBp's bits, which
      // calls a std::function per element and took a tenth of the mlp step; its alpha is a float argument
      double alpha = (float) lrelu.getAlpha();
      return Nd4j.exec(new LeakyReLUDerivative(saved, scratch.like(da), alpha)).muli(da);
    }
    return reluBackward(da);
  }

  /**
   * ReLU's backward pass, da where the output is positive (a > 0 iff z > 0) and +0 elsewhere, as libnd4j's
   * thresholdrelu_bp computes it; that op calls a std::function per element (7% of the dcgan-28 step), this loop
   * gives the same bits several times faster.
   */
  private INDArray reluBackward(INDArray da) {
    INDArray dz = scratch.like(da);
    boolean direct = HostArrays.isWholeRowMajor(saved) && HostArrays.isWholeRowMajor(da)
        && saved.dataType() == da.dataType();
    int n = (int) da.length();
    if (direct && da.dataType() == DataType.FLOAT) {
      FloatBuffer a = HostArrays.floatValues(saved);
      FloatBuffer d = HostArrays.floatValues(da);
      FloatBuffer z = HostArrays.floatValues(dz);
      for (int i = 0; i < n; i++) {
        z.put(i, a.get(i) > 0f ? d.get(i) : 0f);
      }
    } else if (direct && da.dataType() == DataType.DOUBLE) {
      DoubleBuffer a = HostArrays.doubleValues(saved);
      DoubleBuffer d = HostArrays.doubleValues(da);
      DoubleBuffer z = HostArrays.doubleValues(dz);
      for (int i = 0; i < n; i++) {
        z.put(i, a.get(i) > 0 ? d.get(i) : 0.0);
      }
    } else {
      Nd4j.exec(new ThresholdReluBp(saved, da, dz, 0.0));
    }
    return dz;
  }
}
