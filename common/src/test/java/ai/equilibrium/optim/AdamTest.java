package ai.equilibrium.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.equilibrium.tensor.ParameterSegment;
import ai.equilibrium.tensor.ParameterSegment.Role;
import ai.equilibrium.tensor.ParameterSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class AdamTest {
  private static final double B1 = 0.9;
  private static final double B2 = 0.999;
  private static final double EPS = 1e-8;
  private static final double LR = 0.01;

  /** Six values: a trainable "0_W" (3), a running statistic "1_mean" (2), a trainable "1_b" (1). */
  private static ParameterSet mixedSet() {
    return new ParameterSet(new double[] {1.0, -2.0, 0.5, 10.0, 20.0, 3.0}, List.of(
        new ParameterSegment("0_W", 0, 3, Role.TRAINABLE),
        new ParameterSegment("1_mean", 3, 2, Role.RUNNING_STATISTIC),
        new ParameterSegment("1_b", 5, 1, Role.TRAINABLE)), DataType.DOUBLE);
  }

  private static ParameterSet trainable(double... values) {
    return new ParameterSet(values, List.of(new ParameterSegment("0_W", 0, values.length, Role.TRAINABLE)),
        DataType.DOUBLE);
  }

  @Test
  void firstStepIsLrTimesSignForLargeGradients() {
    // t = 1: m = (1 - b1) g, v = (1 - b2) g^2, mhat = g, vhat = g^2, step = lr g / (|g| + eps)
    Adam adam = new Adam(B1, B2, EPS);
    double[] g = {0.5, -3.0, 1e-3};
    double[] step = new double[3];
    adam.proposeStep(trainable(0, 0, 0), g, LR, step);
    for (int i = 0; i < 3; i++) {
      assertEquals(LR * g[i] / (Math.abs(g[i]) + EPS), step[i], 1e-15, "index " + i);
    }
  }

  @Test
  void threeStepsMatchTheBiasCorrectedFormulaComputedByHand() {
    Adam adam = new Adam(B1, B2, EPS);
    ParameterSet params = trainable(1.0, -1.0);
    double[][] gradients = {{0.2, -0.4}, {-0.1, 0.3}, {0.05, 0.6}};
    double[] m = new double[2];
    double[] v = new double[2];
    double[] x = {1.0, -1.0};
    for (int t = 1; t <= 3; t++) {
      double[] g = gradients[t - 1];
      for (int i = 0; i < 2; i++) {
        // m_t = b1 m + (1 - b1) g; v_t = b2 v + (1 - b2) g^2; x -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
        m[i] = B1 * m[i] + (1 - B1) * g[i];
        v[i] = B2 * v[i] + (1 - B2) * g[i] * g[i];
        double mhat = m[i] / (1 - Math.pow(B1, t));
        double vhat = v[i] / (1 - Math.pow(B2, t));
        x[i] -= LR * mhat / (Math.sqrt(vhat) + EPS);
      }
      adam.step(params, g, LR);
      assertArrayEquals(x, params.values(), 1e-14, "after step " + t);
    }
    // spot check step 2, element 0, by plain numbers: m = 0.9*0.02 + 0.1*(-0.1) = 0.008,
    // v = 0.999*4e-5 + 0.001*0.01 = 4.996e-5, mhat = 0.008/0.19, vhat = 4.996e-5/0.001999
    double step2 = LR * (0.008 / 0.19) / (Math.sqrt(4.996e-5 / 0.001999) + EPS);
    double step1 = LR * 0.2 / (0.2 + EPS);
    double step3m = 0.9 * 0.008 + 0.1 * 0.05;
    double step3v = 0.999 * 4.996e-5 + 0.001 * 0.0025;
    double step3 = LR * (step3m / (1 - 0.729)) / (Math.sqrt(step3v / (1 - Math.pow(0.999, 3))) + EPS);
    assertEquals(1.0 - step1 - step2 - step3, params.values()[0], 1e-12);
  }

  @Test
  void runningStatisticsAreUntouched() {
    Adam adam = new Adam(B1, B2, EPS);
    ParameterSet params = mixedSet();
    double[] g = {1, 1, 1, 5, 5, 1};
    double[] step = {7, 7, 7, 7, 7, 7};
    adam.proposeStep(params, g, LR, step);
    assertEquals(7, step[3], 0.0, "proposeStep must leave a running statistic's step as it is");
    assertEquals(7, step[4], 0.0);
    assertEquals(LR / (1 + EPS), step[0], 1e-15);
    assertEquals(LR / (1 + EPS), step[5], 1e-15);

    ParameterSet other = mixedSet();
    Adam fresh = new Adam(B1, B2, EPS);
    for (int i = 0; i < 10; i++) {
      fresh.step(other, g, LR);
    }
    assertEquals(10.0, other.values()[3], 0.0);
    assertEquals(20.0, other.values()[4], 0.0);
    // a constant gradient moves by lr / (1 + eps) per step (mhat / sqrt(vhat) = g / |g| = 1 exactly)
    assertEquals(1.0 - 10 * LR / (1 + EPS), other.values()[0], 1e-14);
  }

  @Test
  void stepBumpsTheVersion() {
    ParameterSet params = mixedSet();
    Adam adam = new Adam(B1, B2, EPS);
    long before = params.version();
    adam.step(params, new double[6], LR);
    assertEquals(before + 1, params.version());
    adam.step(params, new double[6], LR);
    assertEquals(before + 2, params.version());
  }

  @Test
  void convergesOnAQuadratic() {
    // f(x) = 0.5 sum a_i (x_i - c_i)^2, gradient a_i (x_i - c_i)
    double[] a = {1.0, 4.0, 0.5, 10.0};
    double[] c = {3.0, -2.0, 0.5, 1.5};
    ParameterSet params = trainable(0, 0, 0, 0);
    Adam adam = new Adam(0.9, 0.999, 1e-8);
    double[] g = new double[4];
    for (int step = 0; step < 600; step++) {
      double lr = step < 400 ? 0.05 : 0.005; // a coarse phase, then a fine one
      double[] x = params.values();
      for (int i = 0; i < 4; i++) {
        g[i] = a[i] * (x[i] - c[i]);
      }
      adam.step(params, g, lr);
    }
    assertArrayEquals(c, params.values(), 1e-2);
  }

  @Test
  void stateRestoreGivesTheSameNextStep() {
    double[][] gradients = {{0.3, -0.2, 1.0, 0.0, 0.0, 0.7}, {-0.1, 0.4, 0.2, 0.0, 0.0, -0.3},
        {0.6, 0.1, -0.5, 0.0, 0.0, 0.2}};
    Adam uninterrupted = new Adam(B1, B2, EPS);
    ParameterSet a = mixedSet();
    uninterrupted.step(a, gradients[0], LR);
    uninterrupted.step(a, gradients[1], LR);

    Adam first = new Adam(B1, B2, EPS);
    ParameterSet b = mixedSet();
    first.step(b, gradients[0], LR);
    first.step(b, gradients[1], LR);
    double[] state = first.state();
    assertEquals(1 + 2 * 6, state.length);
    assertEquals(2.0, state[0], 0.0, "the step count");

    Adam resumed = new Adam(B1, B2, EPS);
    resumed.restore(state.clone());
    uninterrupted.step(a, gradients[2], LR);
    resumed.step(b, gradients[2], LR);
    assertArrayEquals(a.values(), b.values(), 0.0);
    assertArrayEquals(uninterrupted.state(), resumed.state(), 0.0);
  }

  @Test
  void freshStateIsJustTheStepCountAndRejectsMalformedStates() {
    Adam adam = new Adam(B1, B2, EPS);
    assertArrayEquals(new double[] {0}, adam.state(), 0.0);
    assertThrows(IllegalArgumentException.class, () -> adam.restore(new double[0]));
    assertThrows(IllegalArgumentException.class, () -> adam.restore(new double[2]));
    assertThrows(IllegalArgumentException.class, () -> new Adam(1.0, B2, EPS));
    assertThrows(IllegalArgumentException.class, () -> new Adam(B1, 1.0, EPS));
    assertThrows(IllegalArgumentException.class, () -> new Adam(B1, B2, 0));
  }

  @Test
  void theFusedStepHasTheBitsOfProposingThenSubtracting() {
    // step() never stores the proposed step; proposeStep() followed by the subtraction is the reference
    Adam fused = new Adam(B1, B2, EPS);
    Adam twoPass = new Adam(B1, B2, EPS);
    ParameterSet a = mixedSet();
    ParameterSet b = mixedSet();
    java.util.Random random = new java.util.Random(7);
    for (int t = 0; t < 20; t++) {
      double[] g = new double[a.size()];
      for (int i = 0; i < g.length; i++) {
        g[i] = random.nextGaussian() * Math.pow(10, random.nextInt(7) - 4);
      }
      long version = a.version();
      fused.step(a, g, LR, new double[a.size()]);
      assertEquals(version + 1, a.version(), "the fused step marks the parameters updated");
      double[] step = new double[b.size()];
      twoPass.proposeStep(b, g, LR, step);
      for (int i : new int[] {0, 1, 2, 5}) {
        b.values()[i] -= step[i];
      }
      for (int i = 0; i < a.size(); i++) {
        assertEquals(Double.doubleToRawLongBits(b.values()[i]), Double.doubleToRawLongBits(a.values()[i]),
            "step " + t + ", index " + i);
      }
    }
    assertArrayEquals(twoPass.state(), fused.state(), 0.0);
    assertEquals(10.0, a.values()[3], 0.0, "running statistics are not stepped");
  }
}
