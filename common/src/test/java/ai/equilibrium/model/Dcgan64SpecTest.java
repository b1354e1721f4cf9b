package ai.equilibrium.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.equilibrium.data.SampleShape;
import ai.equilibrium.tensor.ParameterSegment;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** dcgan-64 has the benchmark's parameter counts and shapes, and runs on native ops. */
class Dcgan64SpecTest {
  private static final SampleShape RGB_64 = new SampleShape.Image(3, 64, 64);

  @Test
  void trainableParameterCountsAreThoseOfTheReference() {
    Dcgan64Spec spec = new Dcgan64Spec(100);
    DifferentiableNetwork generator = Networks.build(spec.generator(RGB_64, 1L, DataType.FLOAT));
    DifferentiableNetwork adversary = Networks.build(spec.adversary(RGB_64, 2L, DataType.FLOAT));
    assertEquals(3_576_704, trainable(generator));
    assertEquals(2_765_568, trainable(adversary));
    assertInstanceOf(NativeNetwork.class, generator);
    assertInstanceOf(NativeNetwork.class, adversary);

    INDArray images = generator.forward(Nd4j.randn(DataType.FLOAT, 2, 100));
    assertArrayEquals(new long[] {2, 3, 64, 64}, images.shape());
    assertArrayEquals(new long[] {2, 1}, adversary.forward(images.reshape('c', 2, 3 * 64 * 64)).shape());
  }

  @Test
  void refusesOtherShapes() {
    assertThrows(IllegalArgumentException.class,
        () -> new Dcgan64Spec(100).generator(new SampleShape.Image(1, 28, 28), 1L, DataType.FLOAT));
  }

  private static long trainable(DifferentiableNetwork network) {
    return ParameterLayouts.of(network.dl4j()).stream()
        .filter(s -> s.role() == ParameterSegment.Role.TRAINABLE).mapToLong(ParameterSegment::length).sum();
  }
}
