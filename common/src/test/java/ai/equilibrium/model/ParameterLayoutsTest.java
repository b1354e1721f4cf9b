package ai.equilibrium.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.data.SampleShape;
import ai.equilibrium.tensor.ParameterSegment.Role;
import ai.equilibrium.tensor.ParameterSegment;
import ai.equilibrium.tensor.ParameterSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ParameterLayoutsTest {
  private static final SampleShape.Image FASHION = new SampleShape.Image(1, 28, 28);
  private static MultiLayerNetwork dcganGenerator;
  private static MultiLayerNetwork dcganAdversary;

  @BeforeAll
  static void buildDcgan() {
    dcganGenerator = new MultiLayerNetwork(new Dcgan28Spec(100).generator(FASHION, 1L, DataType.FLOAT));
    dcganGenerator.init();
    dcganAdversary = new MultiLayerNetwork(new Dcgan28Spec(100).adversary(FASHION, 1L, DataType.FLOAT));
    dcganAdversary.init();
  }

  private static MultiLayerNetwork smallMlp() {
    MultiLayerNetwork net = new MultiLayerNetwork(
        new MlpSpec(4, List.of(8), List.of(6)).generator(new SampleShape.Point(2), 1L, DataType.DOUBLE));
    net.init();
    return net;
  }

  private static Map<String, ParameterSegment> byName(List<ParameterSegment> segments) {
    return segments.stream().collect(Collectors.toMap(ParameterSegment::name, s -> s));
  }

  /** Segments sorted by offset, starting at 0, each starting where the previous ends, ending at numParams. */
  private static void assertTiles(List<ParameterSegment> segments, long numParams) {
    int covered = 0;
    for (ParameterSegment s : segments) {
      assertEquals(covered, s.offset(), "segment " + s.name() + " starts where the previous one ends");
      assertTrue(s.length() > 0, s.name());
      covered = s.end();
    }
    assertEquals(numParams, covered);
  }

  /**
   * Each segment's slice of the flat vector holds exactly that parameter table entry's values. The entry
   * is flattened in its own storage order (dense W is 'f', conv kernels 'c'), which is how the flat
   * buffer holds it.
   */
  private static void assertSegmentsMatchParamTable(MultiLayerNetwork net) {
    ParameterSet set = ParameterLayouts.parameterSet(net);
    Map<String, INDArray> table = net.paramTable();
    assertEquals(table.keySet(), byName(set.segments()).keySet());
    for (ParameterSegment s : set.segments()) {
      INDArray entry = table.get(s.name());
      assertEquals(entry.length(), s.length(), s.name());
      double[] slice = Arrays.copyOfRange(set.values(), s.offset(), s.end());
      assertArrayEquals(Nd4j.toFlattened(entry.ordering(), entry).toDoubleVector(), slice, 0.0, s.name());
    }
  }

  /**
   * Order-free offset check: with flat parameters 0, 1, ..., N-1 each table entry must hold exactly the
   * integers offset .. offset + length - 1 of its segment.
   */
  private static void assertOffsetsByEnumeration(MultiLayerNetwork net) {
    long n = net.numParams();
    net.setParams(Nd4j.arange(n).castTo(net.params().dataType()).reshape(1, n));
    Map<String, INDArray> table = net.paramTable();
    for (ParameterSegment s : ParameterLayouts.of(net)) {
      double[] held = Nd4j.toFlattened('c', table.get(s.name())).toDoubleVector();
      Arrays.sort(held);
      double[] expected = new double[s.length()];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = s.offset() + i;
      }
      assertArrayEquals(expected, held, 0.0, s.name());
    }
  }

  @Test
  void mlpSegmentsCoverTheNetwork() {
    MultiLayerNetwork net = smallMlp();
    List<ParameterSegment> segments = ParameterLayouts.of(net);
    assertEquals(List.of("0_W", "0_b", "1_W", "1_b"), segments.stream().map(ParameterSegment::name).toList());
    assertTrue(segments.stream().allMatch(s -> s.role() == Role.TRAINABLE));
    // 4 -> 8 -> 2: W 4x8, b 8, W 8x2, b 2
    assertEquals(List.of(32, 8, 16, 2), segments.stream().map(ParameterSegment::length).toList());
    assertEquals(58, net.numParams());
    assertTiles(segments, net.numParams());
    assertEquals(58, ParameterLayouts.parameterSet(net).trainableCount());
    assertEquals(DataType.DOUBLE, ParameterLayouts.parameterSet(net).precision());
  }

  @Test
  void mlpSegmentValuesMatchTheParamTable() {
    MultiLayerNetwork net = smallMlp();
    assertSegmentsMatchParamTable(net);
    assertOffsetsByEnumeration(net);
  }

  @Test
  void dcganGeneratorBatchNormStatisticsAreRunningStatistics() {
    List<ParameterSegment> segments = ParameterLayouts.of(dcganGenerator);
    assertTiles(segments, dcganGenerator.numParams());
    Map<String, ParameterSegment> named = byName(segments);
    for (String bn : new String[] {"1", "4"}) {
      assertEquals(Role.TRAINABLE, named.get(bn + "_gamma").role(), bn + "_gamma");
      assertEquals(Role.TRAINABLE, named.get(bn + "_beta").role(), bn + "_beta");
      assertEquals(Role.RUNNING_STATISTIC, named.get(bn + "_mean").role(), bn + "_mean");
      ParameterSegment spread = named.containsKey(bn + "_log10stdev") ? named.get(bn + "_log10stdev")
          : named.get(bn + "_var");
      assertTrue(spread != null, "layer " + bn + " has a variance or log10stdev statistic: " + named.keySet());
      assertEquals(Role.RUNNING_STATISTIC, spread.role(), spread.name());
    }
    for (ParameterSegment s : segments) {
      boolean statistic = s.name().endsWith("_mean") || s.name().endsWith("_var") || s.name().endsWith("_log10stdev");
      assertEquals(statistic ? Role.RUNNING_STATISTIC : Role.TRAINABLE, s.role(), s.name());
    }
    // 128*7*7 = 6272 BatchNorm features after the dense layer, 64 after the first deconv
    assertEquals(6272, named.get("1_mean").length());
    assertEquals(64, named.get("4_gamma").length());
  }

  @Test
  void dcganTrainableCountsMatchBenchmarks() {
    // dcgan-28: G 778,305 = dense 100*6272 + 6272, BN 2*6272, deconv 128*64*16 + 64, BN 2*64,
    // deconv 64*1*16 + 1; D 138,817 = conv 1*64*16 + 64, conv 64*128*16 + 128, BN 2*128, dense 6272 + 1
    ParameterSet g = ParameterLayouts.parameterSet(dcganGenerator);
    ParameterSet d = ParameterLayouts.parameterSet(dcganAdversary);
    assertEquals(778_305, g.trainableCount());
    assertEquals(138_817, d.trainableCount());
    // running statistics: mean and variance per BatchNorm feature
    assertEquals(778_305 + 2 * 6272 + 2 * 64, g.size());
    assertEquals(138_817 + 2 * 128, d.size());
    assertEquals(DataType.FLOAT, g.precision());
  }

  @Test
  void dcganAdversarySegmentsAreNamedAndRolled() {
    List<ParameterSegment> segments = ParameterLayouts.of(dcganAdversary);
    assertTiles(segments, dcganAdversary.numParams());
    Map<String, Role> roles = new HashMap<>();
    segments.forEach(s -> roles.put(s.name(), s.role()));
    assertEquals(Role.TRAINABLE, roles.get("0_W"));
    assertEquals(Role.TRAINABLE, roles.get("1_W"));
    assertEquals(Role.TRAINABLE, roles.get("2_gamma"));
    assertEquals(Role.TRAINABLE, roles.get("2_beta"));
    assertEquals(Role.RUNNING_STATISTIC, roles.get("2_mean"));
    assertEquals(Role.TRAINABLE, roles.get("4_W"));
  }

  @Test
  void dcganSegmentValuesMatchTheParamTable() {
    assertSegmentsMatchParamTable(dcganGenerator);
    assertSegmentsMatchParamTable(dcganAdversary);
  }

  @Test
  void dcganOffsetsByEnumeration() {
    // own networks: enumeration overwrites the parameters
    MultiLayerNetwork g = new MultiLayerNetwork(new Dcgan28Spec(100).generator(FASHION, 1L, DataType.FLOAT));
    g.init();
    assertOffsetsByEnumeration(g);
    MultiLayerNetwork d = new MultiLayerNetwork(new Dcgan28Spec(100).adversary(FASHION, 1L, DataType.FLOAT));
    d.init();
    assertOffsetsByEnumeration(d);
  }
}
