package ai.equilibrium.bilinear;

import ai.equilibrium.game.AdversarialGameContract;
import ai.equilibrium.step.MicroBatchPlan;

/** The bilinear game, with noisy linear terms, passes the contract of every adversarial game. */
class BilinearGameContractTest extends AdversarialGameContract<BilinearGame, BilinearNetworks, BilinearShard> {
  private static final BilinearSettings SETTINGS = new BilinearSettings(4, 3, 0.5, 0.3);

  @Override
  protected BilinearGame game(MicroBatchPlan plan) {
    return new BilinearGame(BilinearProblem.draw(SETTINGS, 5), SETTINGS.noise(), plan, 5);
  }

  @Override
  protected BilinearShard shard() {
    return new BilinearShard(0, 1);
  }
}
