package ai.equilibrium.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.equilibrium.loss.AdversarialLoss.AdversaryOutputs;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every configurable loss against the same contract: V* is the loss of the best constant adversary (as the
 * loss reduces its batch: mean over reals + mean over fakes), hand-computed values, and logit gradients
 * against central finite differences.
 */
class LossFamilyContractTest {
  // logits away from the hinge's kinks at +-1, so finite differences see one smooth piece
  private static final double[] REAL = {2.5, -0.3, 0.7, -1.8, 0.05};
  private static final double[] FAKE = {-2.2, 0.4, -0.6, 1.6, -0.15};

  /**
   * (loss, best constant output c*, expected V*, hand value of one pair (real 2, fake -0.5), hand value of
   * the main player's term at fake -0.5).
   */
  static Stream<Arguments> losses() {
    return Stream.of(
        // BCE: c* = 0 (D = 1/2); real 2: log(1 + e^-2), fake -0.5: log(1 + e^-0.5); NS main: log(1 + e^0.5)
        Arguments.of(new NonSaturatingLoss(), 0.0, Math.log(4), Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-0.5)),
            Math.log1p(Math.exp(0.5))),
        // minimax main: log(1 - sigmoid(-0.5)) = -log(1 + e^-0.5)
        Arguments.of(new MinimaxLoss(), 0.0, Math.log(4), Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-0.5)),
            -Math.log1p(Math.exp(-0.5))),
        // LS: c* = 1/2 minimises (c - 1)^2 + c^2 = 1/2; real 2: 1, fake -0.5: 0.25; main: (-1.5)^2
        Arguments.of(new LeastSquaresLoss(), 0.5, 0.5, 1.0 + 0.25, 2.25),
        // hinge: any c in [-1, 1] costs (1 - c) + (1 + c) = 2; real 2: 0, fake -0.5: 0.5; main: 0.5
        Arguments.of(new HingeLoss(), 0.3, 2.0, 0.0 + 0.5, 0.5),
        // Wasserstein: any constant c costs c - c = 0; real 2, fake -0.5: -0.5 - 2; main: 0.5
        Arguments.of(new WassersteinLoss(), 0.7, 0.0, -2.5, 0.5));
  }

  private static INDArray column(double... values) {
    return Nd4j.createFromArray(values).reshape(values.length, 1);
  }

  @ParameterizedTest
  @MethodSource("losses")
  void bestConstantAdversaryCostsVStar(AdversarialLoss loss, double best, double vStar, double pair, double main) {
    int n = 6;
    double[] constant = new double[n];
    java.util.Arrays.fill(constant, best);
    double mean = loss.adversary(new AdversaryOutputs(column(constant), column(constant))).sum() / n;
    assertEquals(vStar, loss.idealAdversaryLoss(), 1e-15);
    assertEquals(vStar, mean, 1e-12);
  }

  @ParameterizedTest
  @MethodSource("losses")
  void handComputedValues(AdversarialLoss loss, double best, double vStar, double pair, double main) {
    assertEquals(pair, loss.adversary(new AdversaryOutputs(column(2.0), column(-0.5))).sum(), 1e-12);
    assertEquals(main, loss.main(column(-0.5)).sum(), 1e-12);
  }

  @ParameterizedTest
  @MethodSource("losses")
  void logitGradientsMatchFiniteDifferences(AdversarialLoss loss, double best, double vStar, double pair, double main) {
    var terms = loss.adversary(new AdversaryOutputs(column(REAL), column(FAKE)));
    double h = 1e-6;
    for (int i = 0; i < REAL.length; i++) {
      double[] up = REAL.clone();
      double[] down = REAL.clone();
      up[i] += h;
      down[i] -= h;
      double numeric = (loss.adversary(new AdversaryOutputs(column(up), column(FAKE))).sum()
          - loss.adversary(new AdversaryOutputs(column(down), column(FAKE))).sum()) / (2 * h);
      assertEquals(numeric, terms.dReal().getDouble(i, 0), 1e-7, "d/d real " + i);
    }
    var mainTerms = loss.main(column(FAKE));
    for (int i = 0; i < FAKE.length; i++) {
      double[] up = FAKE.clone();
      double[] down = FAKE.clone();
      up[i] += h;
      down[i] -= h;
      double numeric = (loss.adversary(new AdversaryOutputs(column(REAL), column(up))).sum()
          - loss.adversary(new AdversaryOutputs(column(REAL), column(down))).sum()) / (2 * h);
      assertEquals(numeric, terms.dFake().getDouble(i, 0), 1e-7, "d/d fake " + i);
      double numericMain = (loss.main(column(up)).sum() - loss.main(column(down)).sum()) / (2 * h);
      assertEquals(numericMain, mainTerms.dFake().getDouble(i, 0), 1e-7, "main d/d fake " + i);
    }
  }
}
