package ai.equilibrium.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUBp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A stack of fully connected layers differentiated directly with BLAS calls on the DL4J network's own
 * parameter and gradient views. DL4J's BaseLayer recomputes every pre-activation (a full GEMM) during
 * backprop and always computes the input gradient of the first layer; this keeps the pre-activations of
 * the forward pass and skips work nobody asked for, with the same layout and the same arithmetic.
 */
public final class DenseNetwork extends Dl4jHostedNetwork {
  private final List<DenseLayerViews> layers = new ArrayList<>();
  private final INDArray[] inputs;
  /** Per layer: the output if the derivative is taken from it, else the pre-activation z. */
  private final INDArray[] saved;

  private record DenseLayerViews(INDArray weights, INDArray bias, INDArray weightGradient, INDArray biasGradient,
      IActivation activation) {

    /**
     * Whether the activation's derivative can be taken from its output, so the forward pass may apply it
     * in place: identity, tanh (1 - a^2) and LeakyReLU with a positive slope (the sign of z survives).
     */
    boolean differentiableFromOutput() {
      return activation instanceof ActivationIdentity || activation instanceof ActivationTanH
          || (activation instanceof ActivationLReLU lrelu && lrelu.getAlpha() > 0);
    }

    /** d(loss)/dz from d(loss)/da and the output a, for {@link #differentiableFromOutput()} activations. */
    INDArray derivativeFromOutput(INDArray output, INDArray outputGradient) {
      if (activation instanceof ActivationTanH) {
        return output.mul(output).rsubi(1).muli(outputGradient);
      }
      if (activation instanceof ActivationLReLU lrelu) {
        return Nd4j.exec(new LeakyReLUBp(output, outputGradient, outputGradient.ulike(), lrelu.getAlpha()))[0];
      }
      return outputGradient;
    }
  }

  private DenseNetwork(MultiLayerNetwork net) {
    super(net);
    for (Layer layer : net.getLayers()) {
      DenseLayer conf = (DenseLayer) layer.conf().getLayer();
      Map<String, INDArray> gradients = conf.initializer().getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray());
      layers.add(new DenseLayerViews(layer.getParam("W"), layer.getParam("b"), gradients.get("W"), gradients.get("b"),
          conf.getActivationFn()));
    }
    this.inputs = new INDArray[layers.size()];
    this.saved = new INDArray[layers.size()];
  }

  /** A dense network if {@code net} is a plain stack of dense layers (no dropout, no preprocessors). */
  public static Optional<DifferentiableNetwork> of(MultiLayerNetwork net) {
    for (int i = 0; i < net.getnLayers(); i++) {
      if (!(net.getLayer(i).conf().getLayer() instanceof DenseLayer dense) || dense.getIDropout() != null
          || dense.getWeightNoise() != null || dense.hasLayerNorm() || !dense.hasBias()
          || net.getLayerWiseConfigurations().getInputPreProcess(i) != null) {
        return Optional.empty();
      }
    }
    return Optional.of(new DenseNetwork(net));
  }

  @Override
  public INDArray forward(INDArray input) {
    INDArray a = input;
    for (int i = 0; i < layers.size(); i++) {
      DenseLayerViews layer = layers.get(i);
      inputs[i] = a;
      INDArray z = Nd4j.gemm(a, layer.weights(), false, false);
      z.addiRowVector(layer.bias());
      if (layer.differentiableFromOutput()) {
        a = layer.activation().getActivation(z, true);
        saved[i] = a;
      } else {
        saved[i] = z;
        a = layer.activation().getActivation(z.dup(), true);
      }
    }
    return a;
  }

  @Override
  public INDArray backward(INDArray outputGradient, boolean wantInputGradient) {
    INDArray delta = outputGradient;
    for (int i = layers.size() - 1; i >= 0; i--) {
      DenseLayerViews layer = layers.get(i);
      INDArray dz = layer.differentiableFromOutput() ? layer.derivativeFromOutput(saved[i], delta)
          : layer.activation().backprop(saved[i], delta).getFirst();
      Nd4j.gemm(inputs[i], dz, layer.weightGradient(), true, false, 1.0, 0.0);
      dz.sum(layer.biasGradient(), 0);
      delta = i > 0 || wantInputGradient ? Nd4j.gemm(dz, layer.weights(), false, true) : null;
    }
    return delta;
  }
}
