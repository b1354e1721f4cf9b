package ai.equilibrium.gan;

import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.model.DifferentiableNetwork;
import ai.equilibrium.model.ParameterLayouts;
import ai.equilibrium.step.Player;
import ai.equilibrium.tensor.NumericVector;
import ai.equilibrium.tensor.ParameterSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A generator and two copies of the discriminator with the same parameters: one keeps the forward pass on
 * real samples and one on generated samples, so both backward passes run after the loss has seen both
 * outputs, without a second forward pass (and with BatchNorm statistics per batch, as in the reference).
 */
public final class GanNetworks implements GameNetworks {
  private final DifferentiableNetwork generator;
  private final DifferentiableNetwork adversaryOnReal;
  private final DifferentiableNetwork adversaryOnFake;
  /** The micro-batch whose training-mode forward pass the generator still holds, or null. */
  private MicroBatchKey heldGeneratorPass;
  private INDArray heldGeneratorOutput;

  /** Identifies a micro-batch's draws: the same key means the same latent codes. */
  record MicroBatchKey(long step, int iteration, int microBatch, int size) {}

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

  /**
   * The generator's training-mode output for a micro-batch. An alternating step draws the same latent codes
   * in its adversary and main phases, and the generator's parameters do not change in between, so the
   * forward pass of the adversary phase is reused when this instance still holds it.
   */
  INDArray generatorForward(MicroBatchKey key, INDArray latentCodes) {
    if (!key.equals(heldGeneratorPass)) {
      heldGeneratorOutput = generator.forward(latentCodes);
      heldGeneratorPass = key;
    }
    return heldGeneratorOutput;
  }

  /** Inference-mode samples; forgets any held training-mode pass. */
  INDArray generatorOutput(INDArray latentCodes) {
    heldGeneratorPass = null;
    return generator.output(latentCodes);
  }

  @Override
  public void setParameters(Player player, NumericVector values) {
    switch (player) {
      case MAIN -> {
        heldGeneratorPass = null;
        values.copyInto(generator.parameters());
      }
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
