package ai.equilibrium.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Any DL4J MultiLayerNetwork, differentiated by DL4J's own layers (whose last layer is not an OutputLayer). */
public final class Dl4jNetwork extends Dl4jHostedNetwork {
  private INDArray lastInput;
  /** Whether a backward pass consumed the forward state (DL4J's BatchNorm drops its cache in backprop). */
  private boolean stateConsumed;

  public Dl4jNetwork(MultiLayerNetwork net) {
    super(net);
  }

  @Override
  public INDArray forward(INDArray input) {
    lastInput = input;
    stateConsumed = false;
    return feedForward(input);
  }

  @Override
  public INDArray backward(INDArray outputGradient, boolean wantInputGradient) {
    if (stateConsumed) {
      feedForward(lastInput); // a second backward pass of the same forward pass: rebuild the layers' caches
    }
    stateConsumed = true;
    return net.backpropGradient(outputGradient, LayerWorkspaceMgr.noWorkspaces()).getSecond();
  }

  private INDArray feedForward(INDArray input) {
    net.setInput(input);
    var activations = net.feedForward(true, false); // keep each layer's input for the external-error backward
    return activations.get(activations.size() - 1);
  }
}
