package ai.equilibrium.game;

import ai.equilibrium.model.DifferentiableNetwork;
import ai.equilibrium.model.NumericVector;
import ai.equilibrium.model.ParameterLayouts;
import ai.equilibrium.model.ParameterSet;

/**
 * A generator and two copies of the discriminator with the same parameters: one keeps the forward pass on
 * real samples and one on generated samples, so both backward passes run after the loss has seen both
 * outputs, without a second forward pass (and with BatchNorm statistics per batch, as in the reference).
 */
public final class GanNetworks implements GameNetworks {
  private final DifferentiableNetwork generator;
  private final DifferentiableNetwork adversaryOnReal;
  private final DifferentiableNetwork adversaryOnFake;

  public GanNetworks(DifferentiableNetwork generator, DifferentiableNetwork adversaryOnReal,
      DifferentiableNetwork adversaryOnFake) {
    this.generator = generator;
    this.adversaryOnReal = adversaryOnReal;
    this.adversaryOnFake = adversaryOnFake;
    adversaryOnFake.parameters().assign(adversaryOnReal.parameters());
  }

  public DifferentiableNetwork generator() {
    return generator;
  }

  public DifferentiableNetwork adversaryOnReal() {
    return adversaryOnReal;
  }

  public DifferentiableNetwork adversaryOnFake() {
    return adversaryOnFake;
  }

  @Override
  public void setParameters(Player player, NumericVector values) {
    switch (player) {
      case MAIN -> values.copyInto(generator.parameters());
      case ADVERSARY -> {
        values.copyInto(adversaryOnReal.parameters());
        values.copyInto(adversaryOnFake.parameters());
      }
    }
  }

  @Override
  public ParameterSet parameters(Player player) {
    return ParameterLayouts.parameterSet((player == Player.MAIN ? generator : adversaryOnReal).dl4j());
  }
}
