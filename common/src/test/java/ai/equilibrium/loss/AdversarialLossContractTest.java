package ai.equilibrium.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.loss.AdversarialLoss.AdversaryLossTerms;
import ai.equilibrium.loss.AdversarialLoss.AdversaryOutputs;
import ai.equilibrium.loss.AdversarialLoss.MainLossTerms;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The contract of both BCE-based GAN losses; the main player's term differs and is tested per loss. */
class AdversarialLossContractTest {

  static Stream<Arguments> losses() {
    return Stream.of(Arguments.of(new NonSaturatingLoss()), Arguments.of(new MinimaxLoss()));
  }

  private static INDArray column(double... values) {
    return Nd4j.createFromArray(values).reshape(values.length, 1);
  }

  private static double adversarySum(AdversarialLoss loss, double[] real, double[] fake) {
    return loss.adversary(new AdversaryOutputs(column(real), column(fake))).sum();
  }

  private static double mainSum(AdversarialLoss loss, double[] fake) {
    return loss.main(column(fake)).sum();
  }

  /** d(sum)/d(logit_i) by central differences, in double. */
  private static double[] centralDifferences(double[] logits, ToDoubleFunction<double[]> sum) {
    double h = 1e-5;
    double[] grad = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      double[] plus = logits.clone();
      double[] minus = logits.clone();
      plus[i] += h;
      minus[i] -= h;
      grad[i] = (sum.applyAsDouble(plus) - sum.applyAsDouble(minus)) / (2 * h);
    }
    return grad;
  }

  @ParameterizedTest
  @MethodSource("losses")
  void constantHalfAdversaryCostsExactlyVStar(AdversarialLoss loss) {
    int n = 7;
    // logit 0 means D = 1/2: each real term -log(1/2) = ln 2 and each fake term -log(1 - 1/2) = ln 2,
    // so sum / n = n ln 2 / n + n ln 2 / n = ln 4
    AdversaryLossTerms terms = loss.adversary(new AdversaryOutputs(column(new double[n]), column(new double[n])));
    assertEquals(Math.log(4), terms.sum() / n, 1e-12);
    assertEquals(Math.log(4), loss.idealAdversaryLoss(), 1e-15);
    assertEquals(loss.idealAdversaryLoss(), terms.sum() / n, 1e-12);
  }

  @ParameterizedTest
  @MethodSource("losses")
  void adversaryLossAtHandComputedLogits(AdversarialLoss loss) {
    // real logit 2: -log sigmoid(2) = log(1 + e^-2); fake logit -1: -log(1 - sigmoid(-1)) = log(1 + e^-1)
    double expected = Math.log(1 + Math.exp(-2)) + Math.log(1 + Math.exp(-1));
    AdversaryLossTerms terms = loss.adversary(new AdversaryOutputs(column(2.0), column(-1.0)));
    assertEquals(expected, terms.sum(), 1e-14);
    // d/dr log(1 + e^-r) = sigmoid(r) - 1; d/df log(1 + e^f) = sigmoid(f)
    assertEquals(1 / (1 + Math.exp(-2)) - 1, terms.dReal().getDouble(0, 0), 1e-14);
    assertEquals(1 / (1 + Math.exp(1)), terms.dFake().getDouble(0, 0), 1e-14);

    // two reals and two fakes: the terms add up
    double expected2 = Math.log(1 + Math.exp(-2)) + Math.log(1 + Math.exp(3)) // reals 2, -3
        + Math.log(1 + Math.exp(-1)) + Math.log(1 + Math.exp(0.5));           // fakes -1, 0.5
    assertEquals(expected2, adversarySum(loss, new double[] {2, -3}, new double[] {-1, 0.5}), 1e-13);
  }

  @Test
  void nonSaturatingMainLossIsMinusLogDOfFakes() {
    // -log sigmoid(-1) = log(1 + e^1); derivative sigmoid(-1) - 1
    MainLossTerms terms = new NonSaturatingLoss().main(column(-1.0));
    assertEquals(Math.log(1 + Math.E), terms.sum(), 1e-14);
    assertEquals(1 / (1 + Math.E) - 1, terms.dFake().getDouble(0, 0), 1e-14);
  }

  @Test
  void minimaxMainLossIsLogOneMinusDOfFakes() {
    // log(1 - sigmoid(-1)) = log(e / (1 + e)) = -log(1 + e^-1); derivative -sigmoid(-1)
    MainLossTerms terms = new MinimaxLoss().main(column(-1.0));
    assertEquals(-Math.log(1 + Math.exp(-1)), terms.sum(), 1e-14);
    assertEquals(-1 / (1 + Math.E), terms.dFake().getDouble(0, 0), 1e-14);
    // minimax: the main player's sum is minus the adversary's fake terms, -sum log(1 + e^f)
    double[] fake = {-2, 0.3, 4};
    double fakeTerms = Math.log(1 + Math.exp(-2)) + Math.log(1 + Math.exp(0.3)) + Math.log(1 + Math.exp(4));
    assertEquals(-fakeTerms, mainSum(new MinimaxLoss(), fake), 1e-13);
    double[] real = {1.0};
    assertEquals(fakeTerms + Math.log(1 + Math.exp(-1)), adversarySum(new MinimaxLoss(), real, fake), 1e-13);
  }

  @ParameterizedTest
  @MethodSource("losses")
  void gradientsMatchCentralFiniteDifferences(AdversarialLoss loss) {
    double[] real = {-3.0, -0.7, 0.0, 0.4, 2.5};
    double[] fake = {-4.2, -1.0, 0.1, 1.3, 3.7};
    AdversaryLossTerms terms = loss.adversary(new AdversaryOutputs(column(real), column(fake)));
    MainLossTerms main = loss.main(column(fake));

    assertArrayEquals(new long[] {5, 1}, terms.dReal().shape());
    assertArrayEquals(new long[] {5, 1}, terms.dFake().shape());
    assertArrayEquals(new long[] {5, 1}, main.dFake().shape());
    assertEquals(DataType.DOUBLE, terms.dReal().dataType());

    assertArrayEquals(centralDifferences(real, r -> adversarySum(loss, r, fake)),
        terms.dReal().toDoubleVector(), 1e-7, "dReal");
    assertArrayEquals(centralDifferences(fake, f -> adversarySum(loss, real, f)),
        terms.dFake().toDoubleVector(), 1e-7, "dFake");
    assertArrayEquals(centralDifferences(fake, f -> mainSum(loss, f)),
        main.dFake().toDoubleVector(), 1e-7, "main dFake");
  }

  @ParameterizedTest
  @MethodSource("losses")
  void gradientsKeepTheLogitPrecision(AdversarialLoss loss) {
    INDArray real = Nd4j.createFromArray(new float[] {1f, -2f, 0.5f}).reshape(3, 1);
    INDArray fake = Nd4j.createFromArray(new float[] {0f, 3f, -1f}).reshape(3, 1);
    AdversaryLossTerms terms = loss.adversary(new AdversaryOutputs(real, fake));
    assertEquals(DataType.FLOAT, terms.dReal().dataType());
    assertEquals(DataType.FLOAT, terms.dFake().dataType());
    assertEquals(DataType.FLOAT, loss.main(fake).dFake().dataType());
    assertEquals(1 / (1 + Math.exp(-1)) - 1, terms.dReal().getDouble(0, 0), 1e-7);
  }

  @ParameterizedTest
  @MethodSource("losses")
  void largeLogitsGiveFiniteValues(AdversarialLoss loss) {
    double[] logits = {-800, -50, 50, 800};
    AdversaryLossTerms terms = loss.adversary(new AdversaryOutputs(column(logits), column(logits)));
    MainLossTerms main = loss.main(column(logits));
    assertTrue(Double.isFinite(terms.sum()), "adversary sum " + terms.sum());
    assertTrue(Double.isFinite(main.sum()), "main sum " + main.sum());
    for (INDArray g : new INDArray[] {terms.dReal(), terms.dFake(), main.dFake()}) {
      for (double d : g.toDoubleVector()) {
        assertTrue(Double.isFinite(d), "gradient " + d);
        assertTrue(Math.abs(d) <= 1, "a logit gradient of a BCE term lies in [-1, 1], got " + d);
      }
    }
    // reals: softplus(-r) ~ 800 + 50 + 0 + 0; fakes: softplus(f) ~ 0 + 0 + 50 + 800
    assertEquals(1700, terms.sum(), 1e-9);
    // saturated gradients: real term at r = -800 has slope -1, at r = 800 slope 0
    assertEquals(-1.0, terms.dReal().getDouble(0, 0), 1e-15);
    assertEquals(0.0, terms.dReal().getDouble(3, 0), 1e-15);
    assertEquals(0.0, terms.dFake().getDouble(0, 0), 1e-15);
    assertEquals(1.0, terms.dFake().getDouble(3, 0), 1e-15);
  }
}
