package ai.equilibrium.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.tensor.ParameterSegment;
import ai.equilibrium.tensor.ParameterSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Normalized SGD and grafting (Jelassi et al., arXiv 2210.04319) against their formulas, and on a quadratic. */
class NormalizedAndGraftedTest {

  /** Two trainable tensors of 3 and 2 values and a running statistic of 1 value at the end. */
  private static ParameterSet params(double... values) {
    return new ParameterSet(values, List.of(
        new ParameterSegment("0_W", 0, 3, ParameterSegment.Role.TRAINABLE),
        new ParameterSegment("0_b", 3, 2, ParameterSegment.Role.TRAINABLE),
        new ParameterSegment("1_mean", 5, 1, ParameterSegment.Role.RUNNING_STATISTIC)), DataType.DOUBLE);
  }

  private static final double[] GRADIENT = {3, 4, 0, 1, 0, 100};

  @Test
  void layerwiseNormalizedStepDividesEachTensorByItsNorm() {
    double[] step = new double[6];
    new NormalizedSgd(NormScope.LAYER).proposeStep(params(new double[6]), GRADIENT, 0.1, step);
    // ||(3,4,0)|| = 5 and ||(1,0)|| = 1; the running statistic is not the optimizer's
    assertArrayEquals(new double[] {0.06, 0.08, 0, 0.1, 0, 0}, step, 1e-12);
  }

  @Test
  void globalNormalizedStepDividesByThePlayersWholeNorm() {
    double[] step = new double[6];
    new NormalizedSgd(NormScope.GLOBAL).proposeStep(params(new double[6]), GRADIENT, 0.1, step);
    double norm = Math.sqrt(9 + 16 + 1); // the running statistic's 100 is not part of it
    assertArrayEquals(new double[] {0.3 / norm, 0.4 / norm, 0, 0.1 / norm, 0, 0}, step, 1e-12);
  }

  @Test
  void graftingTakesTheMagnitudeOfOneStepAndTheDirectionOfTheOther() {
    double lr = 0.01;
    double[] g = {0.5, -2, 0.25, 3, -0.1, 7};
    double[] adamStep = new double[6];
    double[] sgdStep = new double[6];
    new Adam(0.9, 0.999, 1e-8).proposeStep(params(new double[6]), g, lr, adamStep);
    new Sgd().proposeStep(params(new double[6]), g, lr, sgdStep);

    double[] adaNsgda = new double[6];
    new Grafted(new Adam(0.9, 0.999, 1e-8), new Sgd(), NormScope.LAYER).proposeStep(params(new double[6]), g, lr, adaNsgda);
    double[] sgdAdam = new double[6];
    new Grafted(new Sgd(), new Adam(0.9, 0.999, 1e-8), NormScope.LAYER).proposeStep(params(new double[6]), g, lr, sgdAdam);

    int[][] tensors = {{0, 3}, {3, 5}};
    for (int[] t : tensors) {
      // magnitude: the length of the magnitude optimizer's step on this tensor
      assertEquals(norm(adamStep, t), norm(adaNsgda, t), 1e-12);
      assertEquals(norm(sgdStep, t), norm(sgdAdam, t), 1e-12);
      // direction: parallel to the direction optimizer's step
      assertEquals(1.0, cosine(adaNsgda, sgdStep, t), 1e-12);
      assertEquals(1.0, cosine(sgdAdam, adamStep, t), 1e-12);
    }
    assertEquals(0.0, adaNsgda[5], 0.0, "running statistics are not stepped");
  }

  @Test
  void graftedStateRoundTripContinuesLikeTheUninterruptedOptimizer() {
    Grafted a = new Grafted(new Adam(0.5, 0.999, 1e-8), new NormalizedSgd(NormScope.LAYER), NormScope.LAYER);
    double[] scratch = new double[6];
    a.proposeStep(params(new double[6]), GRADIENT, 0.01, scratch);
    Grafted b = new Grafted(new Adam(0.5, 0.999, 1e-8), new NormalizedSgd(NormScope.LAYER), NormScope.LAYER);
    b.restore(a.state());
    double[] g2 = {-1, 2, 0.5, 0.3, 0.2, 0};
    double[] stepA = new double[6];
    double[] stepB = new double[6];
    a.proposeStep(params(new double[6]), g2, 0.01, stepA);
    b.proposeStep(params(new double[6]), g2, 0.01, stepB);
    assertArrayEquals(stepA, stepB, 0.0);
  }

  @Test
  void normalizedAndGraftedStepsConvergeOnAQuadratic() {
    // f(x) = 1/2 sum a_i (x_i - c_i)^2 over the trainable values; badly conditioned on purpose
    double[] a = {10, 1, 0.1, 5, 0.5};
    double[] c = {1, -2, 0.5, 3, -1};
    for (Optimizer optimizer : List.of(new NormalizedSgd(NormScope.LAYER), new NormalizedSgd(NormScope.GLOBAL),
        new Grafted(new Adam(0.9, 0.999, 1e-8), new Sgd(), NormScope.LAYER))) {
      ParameterSet x = params(new double[6]);
      double lr = 0.01;
      for (int t = 0; t < 3000; t++) {
        double[] g = new double[6];
        for (int i = 0; i < 5; i++) {
          g[i] = a[i] * (x.values()[i] - c[i]);
        }
        optimizer.step(x, g, t < 2000 ? lr : lr / 10);
      }
      double distance = 0;
      for (int i = 0; i < 5; i++) {
        distance += (x.values()[i] - c[i]) * (x.values()[i] - c[i]);
      }
      assertTrue(Math.sqrt(distance) < 0.02, optimizer.getClass().getSimpleName() + " ended "
          + Math.sqrt(distance) + " from the minimum");
    }
  }

  @Test
  void graftingIsChosenByConfig() {
    var config = ExperimentSchema.load(null, List.of("optimizer.main.type=grafted", "optimizer.main.magnitude=adam",
        "optimizer.main.direction=sgd", "optimizer.adversary.type=nsgd", "optimizer.adversary.scope=global"));
    assertInstanceOf(Grafted.class, Optimizers.create(config.mainOptimizer()));
    assertInstanceOf(NormalizedSgd.class, Optimizers.create(config.adversaryOptimizer()));
    ConfigError e = assertThrows(ConfigError.class,
        () -> ExperimentSchema.load(null, List.of("optimizer.main.magnitude=grafted")));
    assertEquals("optimizer.main.magnitude", e.key());
  }

  private static double norm(double[] v, int[] range) {
    double s = 0;
    for (int i = range[0]; i < range[1]; i++) {
      s += v[i] * v[i];
    }
    return Math.sqrt(s);
  }

  private static double cosine(double[] u, double[] v, int[] range) {
    double dot = 0;
    for (int i = range[0]; i < range[1]; i++) {
      dot += u[i] * v[i];
    }
    return dot / (norm(u, range) * norm(v, range));
  }
}
