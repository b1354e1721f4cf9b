package ai.equilibrium.stabilize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.data.SampleShape;
import ai.equilibrium.model.Dcgan28Spec;
import ai.equilibrium.model.MlpSpec;
import ai.equilibrium.model.NetworkSpec;
import ai.equilibrium.model.ParameterLayouts;
import ai.equilibrium.tensor.ParameterSegment;
import ai.equilibrium.tensor.ParameterSet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Spectral normalization: sigma against an exact SVD of DL4J's own weight arrays (dense and convolution),
 * the pulled-back gradient against finite differences of a loss of W / (u^T W v) with u and v held, and
 * the state a checkpoint keeps.
 */
class SpectralNormalizationTest {

  private static MultiLayerNetwork adversary(NetworkSpec spec, SampleShape shape) {
    MultiLayerNetwork net = new MultiLayerNetwork(spec.adversary(shape, 3, DataType.DOUBLE));
    net.init();
    return net;
  }

  @Test
  void sigmaMatchesTheLargestSingularValueOfDenseAndConvolutionWeights() {
    for (MultiLayerNetwork net : List.of(adversary(new MlpSpec(4, List.of(32, 16), List.of(40, 24)), new SampleShape.Point(2)),
        adversary(new Dcgan28Spec(8), new SampleShape.Image(1, 28, 28)))) {
      ParameterSet raw = ParameterLayouts.parameterSet(net);
      SpectralNormalization sn = SpectralNormalization.of(net, raw, 11);
      sn.networkParameters(raw);
      List<Double> exact = exactSigmas(net);
      double[] sigmas = sn.sigmas();
      assertEquals(exact.size(), sigmas.length);
      for (int k = 0; k < sigmas.length; k++) {
        assertEquals(exact.get(k), sigmas[k], 0.01 * exact.get(k), "weight " + k);
      }
      for (int refresh = 0; refresh < 5; refresh++) {
        sn.refresh(raw);
      }
      for (int k = 0; k < sigmas.length; k++) { // power iteration approaches sigma_max from below
        assertTrue(sn.sigmas()[k] >= sigmas[k] - 1e-12 && sn.sigmas()[k] <= exact.get(k) * (1 + 1e-12),
            "weight " + k + " after 5 more iterations: " + sigmas[k] + " -> " + sn.sigmas()[k] + " of " + exact.get(k));
      }
    }
  }

  @Test
  void networkComputesWithWeightsDividedBySigmaAndLeavesBiasesAlone() {
    MultiLayerNetwork net = adversary(new MlpSpec(4, List.of(8), List.of(6)), new SampleShape.Point(3));
    ParameterSet raw = ParameterLayouts.parameterSet(net);
    SpectralNormalization sn = SpectralNormalization.of(net, raw, 5);
    double[] normalized = sn.networkParameters(raw).values();
    int weight = 0;
    for (ParameterSegment s : raw.segments()) {
      boolean isWeight = s.name().endsWith("_W");
      double scale = isWeight ? sn.sigmas()[weight++] : 1;
      for (int i = s.offset(); i < s.end(); i++) {
        assertEquals(raw.values()[i] / scale, normalized[i], 1e-15, s.name());
      }
    }
  }

  @Test
  void pulledBackGradientMatchesFiniteDifferencesWithPowerIterationVectorsHeld() {
    MultiLayerNetwork net = adversary(new MlpSpec(4, List.of(8), List.of(5, 3)), new SampleShape.Point(2));
    ParameterSet raw = ParameterLayouts.parameterSet(net);
    SpectralNormalization sn = SpectralNormalization.of(net, raw, 7);
    double[] normalized = sn.networkParameters(raw).values().clone();
    double[] state = sn.state();
    // L(theta_net) = sum_i a_i theta_i + theta_i^3 / 3, so dL/dtheta_net = a + theta^2.
    double[] a = new SplittableRandom(3).doubles(raw.size(), -1, 1).toArray();
    double[] gradient = new double[raw.size()];
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] = a[i] + normalized[i] * normalized[i];
    }
    sn.pullBack(gradient);

    double h = 1e-6;
    for (int i = 0; i < raw.size(); i++) {
      double[] plus = raw.values().clone();
      plus[i] += h;
      double[] minus = raw.values().clone();
      minus[i] -= h;
      double numeric = (loss(a, heldNormalization(raw, plus, state)) - loss(a, heldNormalization(raw, minus, state)))
          / (2 * h);
      assertEquals(numeric, gradient[i], 1e-7 * Math.max(1, Math.abs(numeric)), "parameter " + i);
    }
  }

  @Test
  void stateRestoresTheSameNetworkParametersWithoutAnotherIteration() {
    MultiLayerNetwork net = adversary(new MlpSpec(4, List.of(8), List.of(6)), new SampleShape.Point(3));
    ParameterSet raw = ParameterLayouts.parameterSet(net);
    SpectralNormalization sn = SpectralNormalization.of(net, raw, 5);
    sn.networkParameters(raw);
    raw.values()[0] += 0.5;
    sn.refresh(raw);
    double[] expected = sn.networkParameters(raw).values().clone();

    SpectralNormalization restored = SpectralNormalization.of(net, raw, 99);
    assertNotEquals(expected[0], restored.networkParameters(raw).values()[0]);
    restored.restore(sn.state(), raw);
    assertArrayEquals(expected, restored.networkParameters(raw).values(), 0.0);
    assertArrayEquals(sn.state(), restored.state(), 0.0);
    assertThrows(IllegalArgumentException.class, () -> restored.restore(new double[3], raw));
  }

  /** The network parameters for raw values {@code theta}, with the sigma, u and v of {@code state} held. */
  private static double[] heldNormalization(ParameterSet layout, double[] theta, double[] state) {
    double[] out = theta.clone();
    int k = 0;
    for (ParameterSegment s : layout.segments()) {
      if (!s.name().endsWith("_W")) {
        continue;
      }
      k++; // skips the stored sigma: sigma is recomputed below from the held u and v
      int rows = fanOut(layout, s);
      int columns = s.length() / rows;
      double[] u = java.util.Arrays.copyOfRange(state, k, k + rows);
      double[] v = java.util.Arrays.copyOfRange(state, k + rows, k + rows + columns);
      k += rows + columns;
      double sigma = 0;
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < columns; c++) {
          sigma += u[r] * theta[s.offset() + r * columns + c] * v[c];
        }
      }
      for (int i = s.offset(); i < s.end(); i++) {
        out[i] = theta[i] / sigma;
      }
    }
    return out;
  }

  /** Rows of a dense weight: the next segment is its bias, of fan-out length. */
  private static int fanOut(ParameterSet layout, ParameterSegment weight) {
    int index = layout.segments().indexOf(weight);
    return layout.segments().get(index + 1).length();
  }

  private static double loss(double[] a, double[] theta) {
    double s = 0;
    for (int i = 0; i < theta.length; i++) {
      s += a[i] * theta[i] + theta[i] * theta[i] * theta[i] / 3;
    }
    return s;
  }

  /** The largest singular value of every dense and convolution weight, by LAPACK's SVD of DL4J's arrays. */
  private static List<Double> exactSigmas(MultiLayerNetwork net) {
    List<Double> sigmas = new ArrayList<>();
    for (int i = 0; i < net.getnLayers(); i++) {
      var conf = net.getLayer(i).conf().getLayer();
      if (!(conf instanceof DenseLayer || conf instanceof ConvolutionLayer)) {
        continue;
      }
      INDArray w = net.getLayer(i).getParam("W");
      INDArray matrix = (w.rank() == 4 ? w.reshape('c', w.size(0), w.length() / w.size(0)) : w)
          .castTo(DataType.DOUBLE).dup('f');
      INDArray s = Nd4j.create(DataType.DOUBLE, Math.min(matrix.rows(), matrix.columns()));
      Nd4j.getBlasWrapper().lapack().gesvd(matrix, s, null, null);
      sigmas.add(s.getDouble(0));
    }
    return sigmas;
  }
}
