package ai.equilibrium.stabilize;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * WGAN-GP (Gulrajani et al. 2017): lambda * (||grad_x D(x_hat)|| - 1)^2 on interpolates of real and
 * generated samples; lambda = 10 in the paper.
 */
public record WganGradientPenalty(double weight) implements GradientPenalty {
  /** Keeps psi'(r)/r finite for a vanishing input gradient, where the penalty's direction is undefined. */
  private static final double MIN_NORM = 1e-12;

  @Override
  public String name() {
    return "penalty_wgan_gp";
  }

  @Override
  public PenaltyPoints points(INDArray real, INDArray fake, SplittableRandom random) {
    return Interpolates.draw(real, fake, random);
  }

  @Override
  public double value(double norm) {
    return weight * (norm - 1) * (norm - 1);
  }

  @Override
  public double slopeOverNorm(double norm) {
    return 2 * weight * (norm - 1) / Math.max(norm, MIN_NORM);
  }
}
