package ai.equilibrium.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.tensor.HostArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The main player's combined loss: its adversarial weight schedules and its task term. */
class MainPlayerLossTest {

  @Test
  void aGanGeneratorHasNoTaskTermAndWeightOne() {
    MainPlayerLoss gan = MainPlayerLoss.adversarialOnly();
    assertFalse(gan.task().isPresent());
    assertEquals(1.0, gan.adversarialWeight(0), 0.0);
    assertEquals(1.0, gan.adversarialWeight(1_000_000), 0.0);
  }

  @Test
  void dannScheduleRisesFromZeroToAlmostOne() {
    AdversarialWeight lambda = new AdversarialWeight.DannSchedule(1000, 10);
    // lambda_p = 2 / (1 + exp(-10 p)) - 1: p = 0 -> 0; p = 0.1 -> 2/(1+e^-1) - 1 = tanh(1/2) = 0.46211716;
    // p = 0.5 -> tanh(2.5) = 0.98661430; p = 1 -> tanh(5) = 0.99990920
    assertEquals(0.0, lambda.at(0), 1e-15);
    assertEquals(0.46211715726000974, lambda.at(100), 1e-12);
    assertEquals(0.9866142981514303, lambda.at(500), 1e-12);
    assertEquals(0.9999092042625951, lambda.at(1000), 1e-12);
    MainPlayerLoss dann = MainPlayerLoss.combined(new SoftmaxCrossEntropy(), lambda);
    assertTrue(dann.task().isPresent());
    assertEquals(lambda.at(250), dann.adversarialWeight(250), 0.0);
  }

  @Test
  void weightsOutOfRangeAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new AdversarialWeight.Constant(-0.1));
    assertThrows(IllegalArgumentException.class, () -> new AdversarialWeight.Constant(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new AdversarialWeight.DannSchedule(0, 10));
  }

  @Test
  void softmaxCrossEntropyMatchesItsClosedFormAndFiniteDifferences() {
    double[] logits = {1.0, -2.0, 0.5, 300.0, 299.0, -5.0};
    int[] labels = {2, 0};
    TaskLoss.Terms terms = new SoftmaxCrossEntropy().terms(HostArrays.fromDoubles(logits, 2, 3), labels);
    // row 1: log(e^1 + e^-2 + e^0.5) - 0.5; row 2 (large logits, stable): log(e^300 + e^299 + e^-5) - 300
    double row1 = Math.log(Math.exp(1) + Math.exp(-2) + Math.exp(0.5)) - 0.5;
    double row2 = Math.log(1 + Math.exp(-1) + Math.exp(-305));
    assertEquals(row1 + row2, terms.sum(), 1e-12);
    double h = 1e-6;
    for (int i = 0; i < logits.length; i++) {
      double[] plus = logits.clone();
      plus[i] += h;
      double[] minus = logits.clone();
      minus[i] -= h;
      double numeric = (sum(plus, labels) - sum(minus, labels)) / (2 * h);
      assertEquals(numeric, terms.dLogits().getDouble(i / 3, i % 3), 1e-7, "logit " + i);
    }
    assertThrows(IllegalArgumentException.class,
        () -> new SoftmaxCrossEntropy().terms(HostArrays.fromDoubles(logits, 2, 3), new int[] {3, 0}));
  }

  private static double sum(double[] logits, int[] labels) {
    INDArray z = HostArrays.fromDoubles(logits, 2, 3);
    return new SoftmaxCrossEntropy().terms(z, labels).sum();
  }
}
