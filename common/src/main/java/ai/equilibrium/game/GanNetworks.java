package ai.equilibrium.game;

import ai.equilibrium.model.NumericVector;
import ai.equilibrium.model.ParameterLayouts;
import ai.equilibrium.model.ParameterSet;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A generator and two copies of the discriminator with the same parameters: one keeps the forward pass on
 * real samples and one on generated samples, so both backward passes run after the loss has seen both
 * outputs, without a second forward pass (and with BatchNorm statistics per batch, as in the reference).
 */
public final class GanNetworks implements GameNetworks {
  private final MultiLayerNetwork generator;
  private final MultiLayerNetwork adversaryOnReal;
  private final MultiLayerNetwork adversaryOnFake;

  public GanNetworks(MultiLayerNetwork generator, MultiLayerNetwork adversaryOnReal, MultiLayerNetwork adversaryOnFake) {
    this.generator = generator;
    this.adversaryOnReal = adversaryOnReal;
    this.adversaryOnFake = adversaryOnFake;
    adversaryOnFake.setParams(adversaryOnReal.params());
  }

  public MultiLayerNetwork generator() {
    return generator;
  }

  public MultiLayerNetwork adversaryOnReal() {
    return adversaryOnReal;
  }

  public MultiLayerNetwork adversaryOnFake() {
    return adversaryOnFake;
  }

  @Override
  public void setParameters(Player player, NumericVector values) {
    switch (player) {
      case MAIN -> generator.setParams(values.toArray());
      case ADVERSARY -> {
        var array = values.toArray();
        adversaryOnReal.setParams(array);
        adversaryOnFake.setParams(array);
      }
    }
  }

  @Override
  public ParameterSet parameters(Player player) {
    return ParameterLayouts.parameterSet(player == Player.MAIN ? generator : adversaryOnReal);
  }
}
