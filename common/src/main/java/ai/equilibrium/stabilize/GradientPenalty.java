package ai.equilibrium.stabilize;

import java.io.Serializable;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A gradient penalty on the adversary, added to its loss: the sum over points x_i of psi(||grad_x D(x_i)||),
 * averaged over the batch like the loss. Each penalty chooses its points from a batch of real and generated
 * samples and its function psi; {@link PenaltyGradient} differentiates it. The points may be images, 2-D
 * points or a feature space (domain adaptation): only the adversary's input matters.
 */
public interface GradientPenalty extends Serializable {

  /** The name of its diagnostic in metrics.jsonl. */
  String name();

  /**
   * Where the penalty is evaluated, for n real and n generated samples [n, d]. Draws (interpolation weights)
   * come from {@code random}, which depends only on (run seed, step, iteration, micro-batch).
   */
  PenaltyPoints points(INDArray real, INDArray fake, SplittableRandom random);

  /** psi(r), the penalty of one point whose input-gradient norm is r. */
  double value(double norm);

  /** psi'(r) / r, the factor that turns the input gradient g into d psi / d g. */
  double slopeOverNorm(double norm);

  /**
   * Points x_i and how each depends on its generated sample: x_i = ... + fakeWeight_i * fake_i, so that
   * a penalty's gradient can be carried back into the generator.
   */
  record PenaltyPoints(INDArray points, double[] fakeWeights) {}
}
