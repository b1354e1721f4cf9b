package ai.equilibrium.stabilize;

import ai.equilibrium.tensor.ParameterSegment;
import ai.equilibrium.tensor.ParameterSet;
import ai.equilibrium.step.Reparameterization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Spectral normalization (Miyato et al. 2018) of every dense and convolution weight: the networks compute
 * with W / sigma(W), the optimizer updates W. sigma comes from one power iteration per refresh with a
 * persistent vector u (v = W^T u / |W^T u|, u = W v / |W v|, sigma = u^T W v), and gradients flow through
 * W / sigma with u and v held constant:
 *
 * <pre>  dL/dW = (G - (G . W_SN) u v^T) / sigma,   G = dL/dW_SN</pre>
 *
 * A weight is viewed as the matrix (fan-out, fan-in); a convolution kernel as (out, in * kh * kw). DL4J
 * stores dense weights in column-major [nIn, nOut] and kernels in row-major [out, in, kh, kw], so both are
 * that matrix in row-major order in the flat vector. Runs on the driver in double precision.
 */
public final class SpectralNormalization implements Reparameterization {
  /** Power iterations when u is first drawn, so sigma is accurate from the first step (as in PyTorch). */
  static final int INITIAL_ITERATIONS = 15;
  private static final double EPSILON = 1e-12;

  private final List<NormalizedWeight> weights;
  private ParameterSet network;

  /** One normalized weight: where it is, its shape, u, and the v and sigma of the last refresh. */
  private static final class NormalizedWeight {
    final ParameterSegment segment;
    final int rows;
    final int columns;
    final double[] u;
    final double[] v;
    double sigma;

    NormalizedWeight(ParameterSegment segment, int rows, SplittableRandom random) {
      this.segment = segment;
      this.rows = rows;
      this.columns = segment.length() / rows;
      this.u = new double[rows];
      this.v = new double[columns];
      for (int i = 0; i < rows; i++) {
        u[i] = random.nextGaussian();
      }
      normalize(u);
    }
  }

  private SpectralNormalization(List<NormalizedWeight> weights) {
    this.weights = weights;
  }

  /**
   * Normalizes the dense and convolution weights of {@code net}, whose flat parameters are laid out as in
   * {@code raw}; u is drawn from {@code seed} and refined by a few power iterations.
   *
   * @throws IllegalArgumentException for a transposed convolution (its fan-out is not its first axis)
   */
  public static SpectralNormalization of(MultiLayerNetwork net, ParameterSet raw, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<NormalizedWeight> weights = new ArrayList<>();
    for (ParameterSegment segment : raw.segments()) {
      int split = segment.name().indexOf('_');
      if (!segment.name().substring(split + 1).equals("W")) {
        continue;
      }
      Layer layer = net.getLayer(Integer.parseInt(segment.name().substring(0, split))).conf().getLayer();
      if (layer instanceof Deconvolution2D) {
        throw new IllegalArgumentException("spectral normalization of transposed convolutions is not supported (layer "
            + segment.name() + ")");
      }
      if (layer instanceof DenseLayer || layer instanceof ConvolutionLayer) {
        weights.add(new NormalizedWeight(segment, (int) ((FeedForwardLayer) layer).getNOut(), random));
      }
    }
    SpectralNormalization sn = new SpectralNormalization(weights);
    for (int i = 1; i < INITIAL_ITERATIONS; i++) {
      sn.weights.forEach(w -> powerIteration(w, raw.values()));
    }
    return sn;
  }

  @Override
  public ParameterSet networkParameters(ParameterSet raw) {
    if (network == null) {
      network = new ParameterSet(raw.values().clone(), raw.segments(), raw.precision());
      refresh(raw); // the last of the initial power iterations
    }
    return network;
  }

  @Override
  public void refresh(ParameterSet raw) {
    weights.forEach(w -> powerIteration(w, raw.values()));
    apply(raw);
  }

  /** Writes W / sigma (and every other parameter unchanged) into the network parameters. */
  private void apply(ParameterSet raw) {
    double[] source = raw.values();
    double[] target = network.values();
    System.arraycopy(source, 0, target, 0, source.length);
    for (NormalizedWeight w : weights) {
      for (int i = w.segment.offset(); i < w.segment.end(); i++) {
        target[i] = source[i] / w.sigma;
      }
    }
    network.markUpdated();
  }

  @Override
  public void pullBack(double[] gradient) {
    double[] normalized = network.values();
    for (NormalizedWeight w : weights) {
      int offset = w.segment.offset();
      double inner = 0; // G . W_SN
      for (int i = offset; i < w.segment.end(); i++) {
        inner += gradient[i] * normalized[i];
      }
      for (int r = 0; r < w.rows; r++) {
        double ur = inner * w.u[r];
        int row = offset + r * w.columns;
        for (int c = 0; c < w.columns; c++) {
          gradient[row + c] = (gradient[row + c] - ur * w.v[c]) / w.sigma;
        }
      }
    }
  }

  /** The sigma of each normalized weight at the last refresh, in layer order. */
  public double[] sigmas() {
    return weights.stream().mapToDouble(w -> w.sigma).toArray();
  }

  /** Per normalized weight, in layer order: sigma, u, v (what the last refresh computed). */
  @Override
  public double[] state() {
    double[] state = new double[stateLength()];
    int k = 0;
    for (NormalizedWeight w : weights) {
      state[k++] = w.sigma;
      System.arraycopy(w.u, 0, state, k, w.rows);
      k += w.rows;
      System.arraycopy(w.v, 0, state, k, w.columns);
      k += w.columns;
    }
    return state;
  }

  @Override
  public void restore(double[] state, ParameterSet raw) {
    if (state.length != stateLength()) {
      throw new IllegalArgumentException("spectral normalization state has " + state.length + " values, expected "
          + stateLength());
    }
    int k = 0;
    for (NormalizedWeight w : weights) {
      w.sigma = state[k++];
      System.arraycopy(state, k, w.u, 0, w.rows);
      k += w.rows;
      System.arraycopy(state, k, w.v, 0, w.columns);
      k += w.columns;
    }
    networkParameters(raw);
    apply(raw);
  }

  private int stateLength() {
    return weights.stream().mapToInt(w -> 1 + w.rows + w.columns).sum();
  }

  /** One power iteration on the weight as it stands in {@code values}: updates v, u and sigma. */
  private static void powerIteration(NormalizedWeight w, double[] values) {
    int offset = w.segment.offset();
    Arrays.fill(w.v, 0);
    for (int r = 0; r < w.rows; r++) { // v = W^T u
      int row = offset + r * w.columns;
      for (int c = 0; c < w.columns; c++) {
        w.v[c] += values[row + c] * w.u[r];
      }
    }
    normalize(w.v);
    for (int r = 0; r < w.rows; r++) { // u = W v
      int row = offset + r * w.columns;
      double s = 0;
      for (int c = 0; c < w.columns; c++) {
        s += values[row + c] * w.v[c];
      }
      w.u[r] = s;
    }
    // sigma = u^T W v with the new u = W v / |W v| is |W v|.
    w.sigma = Math.max(normalize(w.u), EPSILON);
  }

  private static double normalize(double[] x) {
    double s = 0;
    for (double value : x) {
      s += value * value;
    }
    double norm = Math.sqrt(s);
    for (int i = 0; i < x.length; i++) {
      x[i] /= norm + EPSILON;
    }
    return norm;
  }
}
