package ai.equilibrium.stabilize;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The zero-centred gradient penalty on interpolates (Thanh-Tung et al. 2019): lambda * ||grad_x D(x_hat)||^2. */
public record ZeroCentredGradientPenalty(double weight) implements GradientPenalty {

  @Override
  public String name() {
    return "penalty_zero_centred";
  }

  @Override
  public PenaltyPoints points(INDArray real, INDArray fake, SplittableRandom random) {
    return Interpolates.draw(real, fake, random);
  }

  @Override
  public double value(double norm) {
    return weight * norm * norm;
  }

  @Override
  public double slopeOverNorm(double norm) {
    return 2 * weight;
  }
}
