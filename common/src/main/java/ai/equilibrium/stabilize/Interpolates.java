package ai.equilibrium.stabilize;

import ai.equilibrium.tensor.HostArrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Random points on the segments between paired real and generated samples (Gulrajani et al. 2017). */
final class Interpolates {
  private Interpolates() {}

  /** x_i = e_i * real_i + (1 - e_i) * fake_i with e_i ~ U[0, 1]. */
  static GradientPenalty.PenaltyPoints draw(INDArray real, INDArray fake, SplittableRandom random) {
    int n = (int) real.size(0);
    double[] e = new double[n];
    double[] fakeWeights = new double[n];
    for (int i = 0; i < n; i++) {
      e[i] = random.nextDouble();
      fakeWeights[i] = 1 - e[i];
    }
    INDArray realWeight = HostArrays.fromDoubles(e, n, 1).castTo(real.dataType());
    INDArray fakeWeight = HostArrays.fromDoubles(fakeWeights, n, 1).castTo(real.dataType());
    INDArray points = real.mulColumnVector(realWeight).addi(fake.mulColumnVector(fakeWeight));
    return new GradientPenalty.PenaltyPoints(points, fakeWeights);
  }
}
