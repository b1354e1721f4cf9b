package ai.equilibrium.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.tensor.ParameterSegment;
import ai.equilibrium.tensor.ParameterSegment.Role;
import ai.equilibrium.tensor.ParameterSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class OptimisticGradientTest {

  private static ParameterSet point(double x, double y) {
    return new ParameterSet(new double[] {x, y}, List.of(new ParameterSegment("z", 0, 2, Role.TRAINABLE)),
        DataType.DOUBLE);
  }

  @Test
  void theStepExtrapolatesTheGradientByItsLastChange() {
    OptimisticGradient optimistic = new OptimisticGradient();
    double[] step = new double[2];
    optimistic.proposeStep(point(0, 0), new double[] {1, -2}, 0.1, step);
    assertArrayEquals(new double[] {0.1, -0.2}, step, 1e-15, "the first step has no earlier gradient");
    optimistic.proposeStep(point(0, 0), new double[] {3, 1}, 0.1, step);
    // lr (2 g_t - g_{t-1}) = 0.1 (6 - 1, 2 + 2)
    assertArrayEquals(new double[] {0.5, 0.4}, step, 1e-15);
  }

  @Test
  void itsStateIsTheLastGradientAndARestoredOneContinuesExactly() {
    OptimisticGradient original = new OptimisticGradient();
    double[] step = new double[2];
    original.proposeStep(point(0, 0), new double[] {1, -2}, 0.1, step);
    OptimisticGradient restored = new OptimisticGradient();
    restored.restore(original.state());
    double[] a = new double[2];
    double[] b = new double[2];
    original.proposeStep(point(0, 0), new double[] {0.5, 0.25}, 0.1, a);
    restored.proposeStep(point(0, 0), new double[] {0.5, 0.25}, 0.1, b);
    assertArrayEquals(a, b, 0.0);
  }

  /**
   * The game min_x max_y x y: simultaneous gradient descent-ascent's iterates spiral outwards by a factor of
   * sqrt(1 + lr^2) per step; optimism's converge to the equilibrium (0, 0).
   */
  @Test
  void onTheBilinearGameOptimismConvergesWhereGradientDescentAscentSpiralsOut() {
    assertTrue(distanceAfter(new OptimisticGradient(), new OptimisticGradient(), 2000) < 1e-3);
    double sgda = distanceAfter(new Sgd(), new Sgd(), 2000);
    assertEquals(Math.pow(1 + 0.1 * 0.1, 1000), sgda, 1e-6 * sgda);
  }

  private static double distanceAfter(Optimizer forX, Optimizer forY, int steps) {
    ParameterSet x = point(1, 0);
    ParameterSet y = point(0, 0);
    for (int t = 0; t < steps; t++) {
      double gx = y.values()[0];  // d(xy)/dx
      double gy = -x.values()[0]; // y minimizes -xy
      forX.step(x, new double[] {gx, 0}, 0.1);
      forY.step(y, new double[] {gy, 0}, 0.1);
    }
    return Math.hypot(x.values()[0], y.values()[0]);
  }

  @Test
  void isChosenByConfigValue() {
    assertInstanceOf(OptimisticGradient.class, Optimizers.create(ExperimentSchema.load(null,
        List.of("optimizer.main.type=optimistic")).mainOptimizer()));
  }
}
