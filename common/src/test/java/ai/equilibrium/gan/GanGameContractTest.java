package ai.equilibrium.gan;

import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.game.AdversarialGameContract;
import ai.equilibrium.loss.MainPlayerLoss;
import ai.equilibrium.loss.NonSaturatingLoss;
import ai.equilibrium.model.MlpSpec;
import ai.equilibrium.stabilize.Penalties;
import ai.equilibrium.step.MicroBatchPlan;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/** The GAN game passes the contract of every adversarial game. */
class GanGameContractTest extends AdversarialGameContract<GanGame, GanNetworks, DataShard> {

  @Override
  protected GanGame game(MicroBatchPlan plan) {
    return new GanGame(new MlpSpec(3, List.of(5), List.of(4)), new SampleShape.Point(2), new NonSaturatingLoss(),
        MainPlayerLoss.adversarialOnly(), Penalties.none(), plan, 42L, DataType.DOUBLE);
  }

  @Override
  protected DataShard shard() {
    SplittableRandom random = new SplittableRandom(7);
    float[] values = new float[2 * 40];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (2 * random.nextDouble() - 1);
    }
    return new DataShard(2, values);
  }
}
