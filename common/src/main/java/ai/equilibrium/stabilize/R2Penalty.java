package ai.equilibrium.stabilize;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/** R2 (Mescheder et al. 2018): (gamma / 2) * ||grad_x D(x)||^2 on generated samples. */
public record R2Penalty(double weight) implements GradientPenalty {

  @Override
  public String name() {
    return "penalty_r2";
  }

  @Override
  public PenaltyPoints points(INDArray real, INDArray fake, SplittableRandom random) {
    double[] ones = new double[(int) fake.size(0)];
    Arrays.fill(ones, 1.0);
    return new PenaltyPoints(fake, ones);
  }

  @Override
  public double value(double norm) {
    return 0.5 * weight * norm * norm;
  }

  @Override
  public double slopeOverNorm(double norm) {
    return weight;
  }
}
