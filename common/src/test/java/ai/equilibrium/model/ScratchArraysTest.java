package ai.equilibrium.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.equilibrium.data.SampleShape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scratch arrays come back when given, and a game's networks sharing them compute what networks with their own
 * compute, hold nothing between passes, and stop allocating once their passes have run.
 */
class ScratchArraysTest {

  @Test
  void reusesWhatIsGivenBackAndOnlyThat() {
    ScratchArrays scratch = new ScratchArrays();
    INDArray first = scratch.take(DataType.FLOAT, 2, 3);
    scratch.give(first.reshape(6)); // a view gives back the array it views
    assertSame(first, scratch.take(DataType.FLOAT, 2, 3));
    assertNotSame(first, scratch.take(DataType.FLOAT, 2, 3), "an array handed out is not handed out twice");
    scratch.give(Nd4j.zeros(DataType.FLOAT, 2, 3)); // not its own: ignored
    scratch.disown(first);
    scratch.give(first); // disowned: ignored
    assertEquals(1, scratch.takenCount());
    assertEquals(1, scratch.allocatedCount(), "the disowned array is the garbage collector's");
  }

  @Test
  void gameNetworksSharingScratchMatchNetworksWithTheirOwn() {
    ScratchArrays shared = new ScratchArrays();
    List<DifferentiableNetwork> sharing = game(shared);
    List<DifferentiableNetwork> separate = game(null);
    List<INDArray> expected = step(separate, 1);
    assertEquals(expected, step(sharing, 1));
    assertEquals(0, shared.takenCount(), "nothing stays handed out between steps");
    int allocated = shared.allocatedCount();
    assertEquals(step(separate, 2), step(sharing, 2));
    assertEquals(allocated, shared.allocatedCount(), "a second step allocates no new scratch arrays");
  }

  /** dcgan-28's generator and two copies of its discriminator, sharing {@code scratch} unless it is null. */
  private static List<DifferentiableNetwork> game(ScratchArrays scratch) {
    Dcgan28Spec spec = new Dcgan28Spec(6);
    SampleShape image = new SampleShape.Image(1, 28, 28);
    return List.of(build(spec.generator(image, 3L, DataType.FLOAT), scratch),
        build(spec.adversary(image, 4L, DataType.FLOAT), scratch),
        build(spec.adversary(image, 4L, DataType.FLOAT), scratch));
  }

  private static DifferentiableNetwork build(org.deeplearning4j.nn.conf.MultiLayerConfiguration conf,
      ScratchArrays scratch) {
    return scratch == null ? Networks.build(conf) : Networks.build(conf, scratch);
  }

  /**
   * A GAN step's passes in a game's order: both discriminator copies forward, both backward, then the
   * generator backward through the fake copy's input gradient; returns every gradient and output.
   */
  private static List<INDArray> step(List<DifferentiableNetwork> nets, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray z = Nd4j.rand(DataType.FLOAT, 8, 6).subi(0.5);
    INDArray real = Nd4j.rand(DataType.FLOAT, 8, 784);
    DifferentiableNetwork generator = nets.get(0);
    DifferentiableNetwork onReal = nets.get(1);
    DifferentiableNetwork onFake = nets.get(2);
    INDArray fake = generator.forward(z);
    INDArray realLogits = onReal.forward(real).dup();
    INDArray fakeLogits = onFake.forward(fake.reshape(8, 784)).dup();
    onReal.backward(realLogits.mul(-1), false);
    INDArray realGradient = onReal.gradients().dup();
    INDArray fakeInputGradient = onFake.backward(fakeLogits, true);
    INDArray fakeGradient = onFake.gradients().dup();
    generator.backward(fakeInputGradient.reshape(fake.shape()), false);
    return List.of(fake.dup(), realLogits, fakeLogits, realGradient, fakeGradient, generator.gradients().dup());
  }
}
