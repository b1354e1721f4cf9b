package ai.equilibrium.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network of dense, convolution, transposed-convolution, BatchNorm and activation layers (NCHW) differentiated
 * directly on the DL4J network's parameter and gradient views: GEMMs for dense layers, libnd4j's conv2d and
 * deconv2d with their _bp ops (oneDNN on CPU, cuDNN for conv2d on GPU), BatchNorm's closed form. DL4J's layers
 * instead recompute every forward pass in backprop, compute input gradients nobody asked for, and (for
 * convolutions) run im2col with a GEMM and permute deconvolution weights on every call. The parameter layout
 * is DL4J's, so ModelSerializer exports what training computed.
 */
public final class NativeNetwork extends Dl4jHostedNetwork {
  private final List<NetworkStage> stages;
  private final PassArrays forwardArrays;
  /** Temporaries and backward-pass arrays, shared with the other networks of a game. */
  private final ScratchArrays scratch;
  /** What the last passes handed to the caller, which must outlive the next release. */
  private INDArray lastOutput;
  private INDArray lastInputGradient;
  /** The dropout stages' masks' source; null when the network has none. */
  private final DropoutStage.NoiseStream noise;

  private NativeNetwork(MultiLayerNetwork net, List<NetworkStage> stages, PassArrays forwardArrays,
      ScratchArrays scratch, DropoutStage.NoiseStream noise) {
    super(net);
    this.stages = stages;
    this.forwardArrays = forwardArrays;
    this.scratch = scratch;
    this.noise = noise;
  }

  @Override
  public boolean hasNoise() {
    return noise != null;
  }

  @Override
  public void seedNoise(long seed) {
    if (noise == null) {
      throw new UnsupportedOperationException("this network has no dropout");
    }
    noise.seed(seed);
  }

  /** A native-op network if every layer and preprocessor of {@code net} is one this class computes exactly. */
  public static Optional<DifferentiableNetwork> of(MultiLayerNetwork net) {
    return of(net, new ScratchArrays());
  }

  /**
   * The same, sharing {@code scratch} with other networks whose passes run on the same thread, one after another
   * (a game's networks).
   */
  public static Optional<DifferentiableNetwork> of(MultiLayerNetwork net, ScratchArrays scratch) {
    return of(net, NativeOps.libnd4j(), scratch);
  }

  static Optional<DifferentiableNetwork> of(MultiLayerNetwork net, NativeOps ops, ScratchArrays scratch) {
    if (net.getGradientsViewArray() == null) {
      net.initGradientsView();
    }
    List<NetworkStage> stages = new ArrayList<>();
    PassArrays forwardArrays = new PassArrays();
    boolean fresh = false; // whether the current array is an intermediate result nobody else reads
    DropoutStage.NoiseStream noise = null;
    for (int i = 0; i < net.getnLayers(); i++) {
      InputPreProcessor preprocessor = net.getLayerWiseConfigurations().getInputPreProcess(i);
      if (preprocessor != null) {
        Optional<NetworkStage> reshape = reshape(preprocessor);
        if (reshape.isEmpty()) {
          return Optional.empty();
        }
        stages.add(reshape.get());
      }
      org.deeplearning4j.nn.api.Layer layer = net.getLayer(i);
      Layer conf = layer.conf().getLayer();
      if (conf.getClass() == DropoutLayer.class) {
        if (!(conf.getIDropout() instanceof Dropout dropout) || dropout.getPSchedule() != null) {
          return Optional.empty();
        }
        noise = noise == null ? new DropoutStage.NoiseStream() : noise;
        stages.add(new DropoutStage(forwardArrays, scratch, dropout.getP(), noise));
        fresh = true;
        continue;
      }
      if (conf.getIDropout() != null || (conf instanceof BaseLayer base && base.getWeightNoise() != null)) {
        return Optional.empty();
      }
      Map<String, INDArray> gradients = conf.initializer().getGradientsFromFlattened(layer.conf(),
          layer.getGradientsViewArray());
      if (conf.getClass() == DenseLayer.class) {
        DenseLayer dense = (DenseLayer) conf;
        if (dense.hasLayerNorm()) {
          return Optional.empty();
        }
        stages.add(new DenseStage(forwardArrays, scratch, layer.getParam("W"),
            dense.hasBias() ? layer.getParam("b") : null, gradients.get("W"), gradients.get("b")));
        stages.add(new ActivationStage(forwardArrays, scratch, dense.getActivationFn(), true));
      } else if (conf.getClass() == ConvolutionLayer.class || conf.getClass() == Deconvolution2D.class) {
        ConvolutionLayer conv = (ConvolutionLayer) conf;
        Optional<Conv2dGeometry> geometry = Conv2dGeometry.of(conv);
        if (conv.getCnn2dDataFormat() != CNN2DFormat.NCHW || geometry.isEmpty()) {
          return Optional.empty();
        }
        stages.add(new ConvolutionStage(ops, forwardArrays, scratch, conf instanceof Deconvolution2D, geometry.get(), layer.getParam("W"),
            conv.hasBias() ? vector(layer.getParam("b")) : null, gradients.get("W"),
            conv.hasBias() ? vector(gradients.get("b")) : null));
        stages.add(new ActivationStage(forwardArrays, scratch, conv.getActivationFn(), true));
      } else if (conf.getClass() == BatchNormalization.class) {
        BatchNormalization bn = (BatchNormalization) conf;
        if (bn.isLockGammaBeta() || bn.getCnn2DFormat() != CNN2DFormat.NCHW) {
          return Optional.empty();
        }
        String spread = bn.isUseLogStd() ? "log10stdev" : "var";
        stages.add(new BatchNormStage(ops, forwardArrays, scratch, new BatchNormStage.Parameters(vector(layer.getParam("gamma")),
            vector(layer.getParam("beta")), vector(layer.getParam("mean")), vector(layer.getParam(spread)),
            vector(gradients.get("gamma")), vector(gradients.get("beta")), vector(gradients.get("mean")),
            vector(gradients.get(spread))), bn.getEps(), bn.getDecay(), bn.isUseLogStd()));
      } else if (conf.getClass() == ActivationLayer.class) {
        stages.add(new ActivationStage(forwardArrays, scratch, ((ActivationLayer) conf).getActivationFn(), fresh));
      } else {
        return Optional.empty();
      }
      fresh = true;
    }
    return Optional.of(new NativeNetwork(net, List.copyOf(stages), forwardArrays, scratch, noise));
  }

  private static Optional<NetworkStage> reshape(InputPreProcessor preprocessor) {
    if (preprocessor instanceof FeedForwardToCnnPreProcessor toCnn) {
      return Optional.of(new ReshapeStage(toCnn.getNumChannels(), toCnn.getInputHeight(), toCnn.getInputWidth()));
    }
    if (preprocessor instanceof CnnToFeedForwardPreProcessor toFlat && toFlat.getFormat() == CNN2DFormat.NCHW) {
      return Optional.of(new ReshapeStage(toFlat.getNumChannels() * toFlat.getInputHeight() * toFlat.getInputWidth()));
    }
    return Optional.empty();
  }

  /** A [1, c] parameter or gradient view as a vector [c] over the same memory, as the ops expect. */
  private static INDArray vector(INDArray rowView) {
    INDArray vector = rowView.reshape(rowView.length());
    if (vector.data().address() != rowView.data().address() || vector.offset() != rowView.offset()) {
      throw new IllegalStateException("reshaping a parameter view copied it; gradients would be lost");
    }
    return vector;
  }

  @Override
  public INDArray forward(INDArray input) {
    forwardArrays.release(lastOutput, lastInputGradient);
    INDArray a = input;
    for (NetworkStage stage : stages) {
      a = stage.forward(a);
    }
    lastOutput = a;
    return a;
  }

  @Override
  public INDArray backward(INDArray outputGradient, boolean wantInputGradient) {
    INDArray delta = outputGradient;
    for (int i = stages.size() - 1; i >= 0; i--) {
      INDArray next = stages.get(i).backward(delta, i > 0 || wantInputGradient);
      if (!PassArrays.sameMemory(next, delta)) {
        scratch.give(delta); // dead once the stage below has it; the caller's own gradient is left alone
      }
      delta = next;
    }
    scratch.disown(delta);
    lastInputGradient = delta;
    return delta;
  }
}
