package ai.equilibrium.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseBroadcastOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastDivOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Training-mode batch normalization over the channel axis 1 of [n, c] or [n, c, h, w] with the batch's own
 * mean and (biased) variance; feature maps go forward through libnd4j's batchnorm (oneDNN, cuDNN). The running statistics are not
 * updated here: like DL4J, the backward pass writes their update as a pseudo-gradient that the driver
 * subtracts, so that averaging over workers gives a distributed-safe moving average.
 */
final class BatchNormStage implements NetworkStage {
  /** DL4J's log10(std) update multiplies ln(var_t / var_t+1) by this. */
  private static final double ONE_OVER_TWO_LN_10 = 1.0 / (2.0 * Math.log(10.0));
  private static final int AXIS = 1;

  private final NativeOps ops;
  private final PassArrays forwardArrays;
  private final PassArrays backwardArrays;
  private final Parameters parameters;
  private final double epsilon;
  private final double decay;
  private final boolean logStd;
  private INDArray input;
  private int[] reduced;
  private INDArray batchMean;
  private INDArray batchVariance;

  /**
   * DL4J's BatchNormalization views, every one as a vector [c].
   *
   * @param runningSpread the running variance, or log10 of the running standard deviation if {@code logStd}
   */
  record Parameters(INDArray gamma, INDArray beta, INDArray runningMean, INDArray runningSpread,
      INDArray gammaGradient, INDArray betaGradient, INDArray runningMeanUpdate, INDArray runningSpreadUpdate) {}

  BatchNormStage(NativeOps ops, PassArrays forwardArrays, PassArrays backwardArrays, Parameters parameters, double epsilon, double decay, boolean logStd) {
    this.ops = ops;
    this.forwardArrays = forwardArrays;
    this.backwardArrays = backwardArrays;
    this.parameters = parameters;
    this.epsilon = epsilon;
    this.decay = decay;
    this.logStd = logStd;
  }

  @Override
  public INDArray forward(INDArray x) {
    input = x;
    reduced = x.rank() == 2 ? new int[] {0} : new int[] {0, 2, 3};
    batchMean = x.mean(reduced);
    batchVariance = x.var(false, reduced);
    if (x.rank() == 4) {
      INDArray y = forwardArrays.like(x);
      ops.exec("batchnorm", new INDArray[] {x, batchMean, batchVariance, parameters.gamma(), parameters.beta()},
          new INDArray[] {y}, new int[] {1, 1, AXIS}, new double[] {epsilon});
      return y;
    }
    // libnd4j's float batchnorm on [n, c] normalizes with the wrong statistics (measured against DL4J), so the
    // affine map is written out for rows; it is small next to the feature maps.
    INDArray y = normalized(forwardArrays);
    return broadcast(new BroadcastAddOp(broadcast(new BroadcastMulOp(y, parameters.gamma(), y, AXIS)),
        parameters.beta(), y, AXIS));
  }

  /**
   * The closed form dx = gamma / std * (dy - mean(dy) - xHat mean(dy xHat)), means over the batch (and
   * locations). libnd4j's batchnorm_bp is off by up to 1e-6 relative when the variance is small against
   * epsilon (measured against finite differences in double), so it is not used.
   */
  @Override
  public INDArray backward(INDArray dy, boolean wantInputGradient) {
    INDArray xHat = normalized(backwardArrays);
    INDArray betaGradient = dy.sum(reduced);
    INDArray gammaGradient = dy.mul(xHat, backwardArrays.like(dy)).sum(reduced);
    parameters.betaGradient().assign(betaGradient);
    parameters.gammaGradient().assign(gammaGradient);
    writeRunningStatisticUpdates();
    if (!wantInputGradient) {
      return null;
    }
    double count = input.length() / batchMean.length();
    INDArray projection = broadcast(new BroadcastMulOp(xHat, gammaGradient.divi(count), xHat, AXIS));
    INDArray dx = dy.sub(projection, backwardArrays.like(dy));
    broadcast(new BroadcastSubOp(dx, betaGradient.divi(count), dx, AXIS));
    return broadcast(new BroadcastMulOp(dx, parameters.gamma().div(standardDeviation()), dx, AXIS));
  }

  /** (x - mean) / sqrt(var + epsilon) with the batch's statistics, as a new array. */
  private INDArray normalized(PassArrays arrays) {
    INDArray xHat = arrays.like(input);
    broadcast(new BroadcastSubOp(input, batchMean, xHat, AXIS));
    return broadcast(new BroadcastDivOp(xHat, standardDeviation(), xHat, AXIS));
  }

  private INDArray standardDeviation() {
    return Transforms.sqrt(batchVariance.add(epsilon), false);
  }

  private static INDArray broadcast(BaseBroadcastOp op) {
    return Nd4j.getExecutioner().exec(op);
  }

  /** DL4J's updates: mean_t - mean_t+1 and the matching change of the variance or of log10(std). */
  private void writeRunningStatisticUpdates() {
    parameters.runningMeanUpdate().assign(parameters.runningMean().sub(batchMean).muli(1 - decay));
    if (logStd) {
      INDArray variance = Transforms.pow(parameters.runningSpread().like().assign(10.0), parameters.runningSpread(), false);
      variance.muli(variance);
      INDArray next = variance.mul(decay).addi(batchVariance.mul(1 - decay));
      parameters.runningSpreadUpdate().assign(Transforms.log(variance.divi(next), false).muli(ONE_OVER_TWO_LN_10));
    } else {
      parameters.runningSpreadUpdate().assign(parameters.runningSpread().sub(batchVariance).muli(1 - decay));
    }
  }
}
