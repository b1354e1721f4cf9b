package ai.equilibrium.model;

import ai.equilibrium.config.Settings;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

/** Builds differentiable networks from DL4J configurations, choosing the fastest implementation that fits. */
public final class Networks {
  private Networks() {}

  /** The element type of {@code model.precision}. */
  public static DataType dataType(Settings.Precision precision) {
    return switch (precision) {
      case FLOAT -> DataType.FLOAT;
      case DOUBLE -> DataType.DOUBLE;
    };
  }

  /** Initialises the configuration (deterministic in its seed) and wraps it. */
  public static DifferentiableNetwork build(MultiLayerConfiguration conf) {
    return build(conf, new ScratchArrays());
  }

  /** The same, for networks whose passes run one after another on one thread and share {@code scratch}. */
  public static DifferentiableNetwork build(MultiLayerConfiguration conf, ScratchArrays scratch) {
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return NativeNetwork.of(net, scratch).orElseGet(() -> new Dl4jNetwork(net));
  }
}
