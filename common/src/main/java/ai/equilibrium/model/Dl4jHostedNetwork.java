package ai.equilibrium.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A differentiable network whose parameters, gradients and inference live in a DL4J MultiLayerNetwork. */
abstract class Dl4jHostedNetwork implements DifferentiableNetwork {
  protected final MultiLayerNetwork net;

  Dl4jHostedNetwork(MultiLayerNetwork net) {
    this.net = net;
    if (net.getGradientsViewArray() == null) {
      net.initGradientsView();
    }
  }

  @Override
  public final INDArray output(INDArray input) {
    return net.output(input, false);
  }

  @Override
  public final INDArray parameters() {
    return net.params();
  }

  @Override
  public final INDArray gradients() {
    return net.getGradientsViewArray();
  }

  @Override
  public final MultiLayerNetwork dl4j() {
    return net;
  }
}
