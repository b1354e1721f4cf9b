package ai.equilibrium.train;

import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.data.DeterministicSeeds;
import ai.equilibrium.optim.OptimizerSettings;
import ai.equilibrium.optim.Optimizers;
import ai.equilibrium.stabilize.Stabilizers;
import ai.equilibrium.step.Player;
import ai.equilibrium.step.Reparameterization;
import ai.equilibrium.tensor.ParameterSet;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Both players' driver-side state as an experiment configures them: optimizer, base rate, decay, reparameterization. */
public final class Players {
  /** Seeds the power-iteration vectors apart from every per-step draw. */
  private static final long SPECTRAL_NORM_STREAM = -1;

  private Players() {}

  /** The main player at {@code initial}. */
  public static PlayerState main(ExperimentConfig config, ParameterSet initial) {
    return player(Player.MAIN, config.mainOptimizer(), config, initial, Reparameterization.IDENTITY);
  }

  /**
   * The adversary at {@code initial}, with spectral normalization of {@code network}'s weights when configured
   * ({@code network} may be null where the game's adversary has no DL4J network; spectral normalization is then
   * refused).
   */
  public static PlayerState adversary(ExperimentConfig config, ParameterSet initial, MultiLayerNetwork network) {
    return player(Player.ADVERSARY, config.adversaryOptimizer(), config, initial,
        Stabilizers.adversaryReparameterization(config.stabilize(), network, initial,
            DeterministicSeeds.mix(config.run().seed(), SPECTRAL_NORM_STREAM, 0, 0)));
  }

  private static PlayerState player(Player player, OptimizerSettings optimizer, ExperimentConfig config,
      ParameterSet initial, Reparameterization reparameterization) {
    return new PlayerState(player, initial, Optimizers.create(optimizer), optimizer.lr(),
        optimizer.decay(config.run().steps()), reparameterization);
  }
}
