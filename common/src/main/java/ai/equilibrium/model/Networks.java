package ai.equilibrium.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Builds differentiable networks from DL4J configurations, choosing the fastest implementation that fits. */
public final class Networks {
  private Networks() {}

  /** Initialises the configuration (deterministic in its seed) and wraps it. */
  public static DifferentiableNetwork build(MultiLayerConfiguration conf) {
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return NativeNetwork.of(net).orElseGet(() -> new Dl4jNetwork(net));
  }
}
