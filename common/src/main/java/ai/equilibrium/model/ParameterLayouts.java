package ai.equilibrium.model;

import ai.equilibrium.tensor.ParameterSegment;
import ai.equilibrium.tensor.ParameterSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Reads a network's flat parameter layout: one segment per parameter tensor, in buffer order. */
public final class ParameterLayouts {
  /** DL4J BatchNormalization's running statistics (BatchNormalizationParamInitializer's keys). */
  private static final Set<String> RUNNING_STATISTICS = Set.of("mean", "var", "log10stdev");

  private ParameterLayouts() {}

  public static List<ParameterSegment> of(MultiLayerNetwork network) {
    INDArray flat = network.params();
    long base = flat.offset();
    List<ParameterSegment> segments = new ArrayList<>();
    for (Map.Entry<String, INDArray> e : network.paramTable().entrySet()) {
      String key = e.getKey();
      String paramKey = key.substring(key.indexOf('_') + 1);
      ParameterSegment.Role role = RUNNING_STATISTICS.contains(paramKey)
          ? ParameterSegment.Role.RUNNING_STATISTIC : ParameterSegment.Role.TRAINABLE;
      segments.add(new ParameterSegment(key, Math.toIntExact(e.getValue().offset() - base),
          Math.toIntExact(e.getValue().length()), role));
    }
    segments.sort(java.util.Comparator.comparingInt(ParameterSegment::offset));
    return segments;
  }

  /** The network's current parameters as a driver-side parameter set. */
  public static ParameterSet parameterSet(MultiLayerNetwork network) {
    return new ParameterSet(network.params().toDoubleVector(), of(network), network.params().dataType());
  }
}
