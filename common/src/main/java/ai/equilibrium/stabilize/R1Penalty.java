package ai.equilibrium.stabilize;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/** R1 (Mescheder et al. 2018): (gamma / 2) * ||grad_x D(x)||^2 on real samples. */
public record R1Penalty(double weight) implements GradientPenalty {

  @Override
  public String name() {
    return "penalty_r1";
  }

  @Override
  public PenaltyPoints points(INDArray real, INDArray fake, SplittableRandom random) {
    return new PenaltyPoints(real, new double[(int) real.size(0)]);
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
