package ai.equilibrium.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.experiment.Experiment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Dropout in the adversary's training passes: seeded masks, exact gradients, none at inference. */
class DropoutStageTest {
  private static final MlpSpec SPEC = new MlpSpec(3, List.of(4), List.of(40, 30), MlpSpec.Hidden.LEAKY_RELU, 0.3);

  private static DifferentiableNetwork adversary() {
    DifferentiableNetwork net = Networks.build(SPEC.adversary(new SampleShape.Point(5), 2L, DataType.DOUBLE));
    assertInstanceOf(NativeNetwork.class, net);
    return net;
  }

  /** sum(w * D(x)) with the masks of {@code seed}. */
  private static double loss(DifferentiableNetwork net, INDArray x, INDArray w, long seed) {
    net.seedNoise(seed);
    return net.forward(x).mul(w).sumNumber().doubleValue();
  }

  @Test
  void theGradientIsThatOfTheMaskedNetworkAndTheSameSeedDrawsTheSameMasks() {
    DifferentiableNetwork net = adversary();
    assertTrue(net.hasNoise());
    INDArray x = Nd4j.rand(DataType.DOUBLE, 16, 5).subi(0.5).muli(4);
    INDArray w = Nd4j.rand(DataType.DOUBLE, 16, 1).subi(0.5);
    double value = loss(net, x, w, 7);
    assertEquals(value, loss(net, x, w, 7), 0.0, "one seed, one mask");
    assertTrue(Math.abs(value - loss(net, x, w, 8)) > 1e-9, "another seed, another mask");
    loss(net, x, w, 7);
    INDArray inputGradient = net.backward(w.dup(), true).dup();
    INDArray gradients = net.gradients().dup();
    double h = 1e-6;
    for (int i : new int[] {0, 17, 233, (int) net.parameters().length() - 1}) {
      double original = net.parameters().getDouble(i);
      net.parameters().putScalar(i, original + h);
      double up = loss(net, x, w, 7);
      net.parameters().putScalar(i, original - h);
      double down = loss(net, x, w, 7);
      net.parameters().putScalar(i, original);
      assertEquals((up - down) / (2 * h), gradients.getDouble(i), 1e-6, "parameter " + i);
    }
    INDArray moved = x.dup();
    moved.putScalar(3, 2, x.getDouble(3, 2) + h);
    double up = loss(net, moved, w, 7);
    moved.putScalar(3, 2, x.getDouble(3, 2) - h);
    double down = loss(net, moved, w, 7);
    assertEquals((up - down) / (2 * h), inputGradient.getDouble(3, 2), 1e-6, "input gradient");
  }

  @Test
  void aboutTheRateOfUnitsIsDroppedInTrainingAndNoneAtInference() {
    MlpSpec wide = new MlpSpec(3, List.of(4), List.of(2000), MlpSpec.Hidden.TANH, 0.3);
    DifferentiableNetwork net = Networks.build(wide.adversary(new SampleShape.Point(5), 2L, DataType.DOUBLE));
    INDArray x = Nd4j.rand(DataType.DOUBLE, 8, 5);
    net.seedNoise(1);
    net.forward(x);
    net.backward(Nd4j.ones(DataType.DOUBLE, 8, 1), false);
    // The last layer's weight gradient is the masked hidden activations summed over the batch: a unit dropped for
    // every sample has a zero gradient there.
    long n = net.parameters().length();
    INDArray lastWeights = net.gradients().reshape(n).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(
        n - 1 - 2000, n - 1));
    assertTrue(lastWeights.eq(0).castTo(DataType.INT32).sumNumber().intValue() < 10, "0.3^8 of units dropped for all");
    assertEquals(net.dl4j().output(x, false), net.output(x), "inference passes values through");
    assertFalse(Networks.build(SPEC.generator(new SampleShape.Point(5), 2L, DataType.DOUBLE)).hasNoise(),
        "the generator has no dropout");
  }

  @Test
  void aPassBeforeItsNoiseIsSeededAndBadRatesAreRefused() {
    assertThrows(IllegalStateException.class, () -> adversary().forward(Nd4j.rand(DataType.DOUBLE, 2, 5)));
    assertEquals("model.adversary-dropout", assertThrows(ConfigError.class, () -> ExperimentSchema.load(null,
        List.of("model.adversary-dropout=1"))).key());
    assertEquals("model.adversary-dropout", assertThrows(ConfigError.class, () -> Experiment.assemble(
        ExperimentSchema.load(null, List.of("model.adversary-dropout=0.3", "stabilize.penalty.type=r1",
            "model.precision=double")))).key());
  }
}
