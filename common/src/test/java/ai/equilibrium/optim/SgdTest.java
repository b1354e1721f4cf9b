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

class SgdTest {

  private static ParameterSet mixedSet() {
    return new ParameterSet(new double[] {1.0, 2.0, 3.0, 4.0}, List.of(
        new ParameterSegment("0_W", 0, 2, Role.TRAINABLE),
        new ParameterSegment("1_var", 2, 1, Role.RUNNING_STATISTIC),
        new ParameterSegment("1_b", 3, 1, Role.TRAINABLE)), DataType.FLOAT);
  }

  @Test
  void stepIsLearningRateTimesGradient() {
    Sgd sgd = new Sgd();
    double[] g = {0.5, -2.0, 9.0, 0.25};
    double[] step = {-1, -1, -1, -1};
    sgd.proposeStep(mixedSet(), g, 0.1, step);
    assertArrayEquals(new double[] {0.05, -0.2, -1, 0.025}, step, 1e-15);

    ParameterSet params = mixedSet();
    sgd.step(params, g, 0.1);
    // x - lr g on trainable segments; the running statistic keeps its value
    assertArrayEquals(new double[] {1.0 - 0.05, 2.0 + 0.2, 3.0, 4.0 - 0.025}, params.values(), 1e-15);
    assertEquals(1, params.version());
  }

  @Test
  void hasNoState() {
    Sgd sgd = new Sgd();
    assertEquals(0, sgd.state().length);
    sgd.restore(new double[0]);
    assertThrows(IllegalArgumentException.class, () -> sgd.restore(new double[1]));
  }
}
