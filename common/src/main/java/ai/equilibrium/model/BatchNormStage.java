package ai.equilibrium.model;

import java.util.function.BinaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Training-mode batch normalization over the channel axis 1 of [n, c] or [n, c, h, w] with the batch's own
 * mean and (biased) variance; feature maps go forward through libnd4j's batchnorm (oneDNN on CPU). The
 * running statistics are not updated here: like DL4J, the backward pass writes their update as a
 * pseudo-gradient that the driver subtracts, so that averaging over workers gives a distributed-safe moving
 * average.
 */
final class BatchNormStage implements NetworkStage {
  /** DL4J's log10(std) update multiplies ln(var_t / var_t+1) by this. */
  private static final double ONE_OVER_TWO_LN_10 = 1.0 / (2.0 * Math.log(10.0));
  private static final int AXIS = 1;

  private final NativeOps ops;
  private final PassArrays forwardArrays;
  private final ScratchArrays scratch;
  private final Parameters parameters;
  private final double epsilon;
  private final double decay;
  private final boolean logStd;
  private INDArray input;
  private ChannelMatrix layout;
  private INDArray batchMean;
  private INDArray batchVariance;

  /**
   * DL4J's BatchNormalization views, every one as a vector [c].
   *
   * @param runningSpread the running variance, or log10 of the running standard deviation if {@code logStd}
   */
  record Parameters(INDArray gamma, INDArray beta, INDArray runningMean, INDArray runningSpread,
      INDArray gammaGradient, INDArray betaGradient, INDArray runningMeanUpdate, INDArray runningSpreadUpdate) {}

  BatchNormStage(NativeOps ops, PassArrays forwardArrays, ScratchArrays scratch, Parameters parameters,
      double epsilon, double decay, boolean logStd) {
    this.ops = ops;
    this.forwardArrays = forwardArrays;
    this.scratch = scratch;
    this.parameters = parameters;
    this.epsilon = epsilon;
    this.decay = decay;
    this.logStd = logStd;
  }

  @Override
  public INDArray forward(INDArray x) {
    input = x;
    layout = ChannelMatrix.of(x);
    double count = layout.samplesPerChannel();
    batchMean = layout.channelSums(x).divi(count);
    // feature maps keep only their input for the backward pass; rows keep the centred values as their output
    INDArray centred = layout.subtract(x, batchMean, x.rank() == 4 ? scratch.like(x) : forwardArrays.like(x));
    INDArray squares = centred.mul(centred, scratch.like(x));
    batchVariance = layout.channelSums(squares).divi(count);
    scratch.give(squares);
    if (x.rank() == 4) {
      scratch.give(centred);
      INDArray y = forwardArrays.like(x);
      ops.exec("batchnorm", new INDArray[] {x, batchMean, batchVariance, parameters.gamma(), parameters.beta()},
          new INDArray[] {y}, new int[] {1, 1, AXIS}, new double[] {epsilon});
      return y;
    }
    // libnd4j's float batchnorm on [n, c] normalizes with the wrong statistics (measured against DL4J), so the
    // affine map is written out for rows; it is small next to the feature maps.
    return centred.muliRowVector(parameters.gamma().div(standardDeviation())).addiRowVector(parameters.beta());
  }

  /**
   * The closed form dx = gamma / std * (dy - mean(dy) - xHat mean(dy xHat)), means over the batch (and
   * locations). libnd4j's batchnorm_bp is off by up to 1e-6 relative when the variance is small against
   * epsilon (measured against finite differences in double), so it is not used.
   */
  @Override
  public INDArray backward(INDArray dy, boolean wantInputGradient) {
    INDArray std = standardDeviation();
    INDArray xHat = layout.divide(layout.subtract(input, batchMean, scratch.like(input)), std);
    INDArray betaGradient = layout.channelSums(dy);
    INDArray products = dy.mul(xHat, scratch.like(dy));
    INDArray gammaGradient = layout.channelSums(products);
    scratch.give(products);
    parameters.betaGradient().assign(betaGradient);
    parameters.gammaGradient().assign(gammaGradient);
    writeRunningStatisticUpdates();
    if (!wantInputGradient) {
      scratch.give(xHat);
      return null;
    }
    double count = layout.samplesPerChannel();
    INDArray projection = layout.multiply(xHat, gammaGradient.divi(count));
    INDArray dx = dy.sub(projection, scratch.like(dy));
    scratch.give(xHat);
    return layout.multiply(layout.subtractInPlace(dx, betaGradient.divi(count)), parameters.gamma().div(std));
  }

  private INDArray standardDeviation() {
    return Transforms.sqrt(batchVariance.add(epsilon), false);
  }

  /**
   * The data as a matrix in which per-channel work is a row-vector op ([n, c]) or a column-vector op ([n c, h w]
   * for feature maps): libnd4j's broadcast along axis 1 of a 4-D array, and its variance over axes 0, 2, 3,
   * are several times slower than these (measured on dcgan-64's 64x64x32x32 maps).
   */
  private record ChannelMatrix(boolean rows, long batch, long channels, long locations) {
    static ChannelMatrix of(INDArray x) {
      return new ChannelMatrix(x.rank() == 2, x.size(0), x.size(1), x.length() / (x.size(0) * x.size(1)));
    }

    double samplesPerChannel() {
      return batch * locations;
    }

    INDArray matrix(INDArray a) {
      return rows ? a : a.reshape('c', batch * channels, locations);
    }

    /** A per-channel vector [c] shaped to broadcast against {@link #matrix}: [1, c] or [n c, 1]. */
    INDArray expand(INDArray perChannel) {
      INDArray row = perChannel.reshape(1, channels);
      return rows ? row : Nd4j.tile(row, (int) batch, 1).reshape(batch * channels, 1);
    }

    INDArray channelSums(INDArray a) {
      return rows ? a.sum(0) : matrix(a).sum(1).reshape(batch, channels).sum(0);
    }

    /** a - v per channel, into {@code out}. */
    INDArray subtract(INDArray a, INDArray perChannel, INDArray out) {
      out.assign(a);
      return subtractInPlace(out, perChannel);
    }

    INDArray subtractInPlace(INDArray a, INDArray perChannel) {
      return inPlace(a, perChannel, INDArray::subiRowVector, INDArray::subiColumnVector);
    }

    INDArray multiply(INDArray a, INDArray perChannel) {
      return inPlace(a, perChannel, INDArray::muliRowVector, INDArray::muliColumnVector);
    }

    INDArray divide(INDArray a, INDArray perChannel) {
      return inPlace(a, perChannel, INDArray::diviRowVector, INDArray::diviColumnVector);
    }

    private INDArray inPlace(INDArray a, INDArray perChannel, BinaryOperator<INDArray> rowOp,
        BinaryOperator<INDArray> columnOp) {
      (rows ? rowOp : columnOp).apply(matrix(a), expand(perChannel));
      return a;
    }
  }

  /** DL4J's updates: mean_t - mean_t+1 and the matching change of the variance or of log10(std). */
  private void writeRunningStatisticUpdates() {
    parameters.runningMeanUpdate().assign(parameters.runningMean().sub(batchMean).muli(1 - decay));
    if (logStd) {
      INDArray variance = Transforms.pow(parameters.runningSpread().like().assign(10.0), parameters.runningSpread(),
          false);
      variance.muli(variance);
      INDArray next = variance.mul(decay).addi(batchVariance.mul(1 - decay));
      parameters.runningSpreadUpdate().assign(Transforms.log(variance.divi(next), false).muli(ONE_OVER_TWO_LN_10));
    } else {
      parameters.runningSpreadUpdate().assign(parameters.runningSpread().sub(batchVariance).muli(1 - decay));
    }
  }
}
