package ai.equilibrium.stabilize;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.Settings;
import ai.equilibrium.step.GradientCorrection;
import ai.equilibrium.step.Reparameterization;
import ai.equilibrium.tensor.ParameterSet;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

/** The stabilizers of {@code stabilize.*}: gradient penalties, the best-response correction, spectral normalization. */
public final class Stabilizers {
  private Stabilizers() {}

  public static Penalties penalties(Settings.Stabilize s) {
    double w = s.penaltyWeight();
    return switch (s.penalty()) {
      case NONE -> Penalties.none();
      case WGAN_GP -> new Penalties(List.of(new WganGradientPenalty(w)), s.penaltyStep());
      case R1 -> new Penalties(List.of(new R1Penalty(w)), s.penaltyStep());
      case R2 -> new Penalties(List.of(new R2Penalty(w)), s.penaltyStep());
      case ZERO_CENTRED -> new Penalties(List.of(new ZeroCentredGradientPenalty(w)), s.penaltyStep());
    };
  }

  /**
   * Penalties are differentiated by finite differences of first-order passes, and in float the smallest usable
   * step crosses the kinks of LeakyReLU adversaries often enough to corrupt their gradient.
   */
  public static void checkPenaltyPrecision(Penalties penalties, DataType precision) {
    if (!penalties.isEmpty() && precision != DataType.DOUBLE) {
      throw new ConfigError("model.precision", "a gradient penalty is differentiated by finite differences of "
          + "first-order passes, and in float precision the smallest usable step (about 1e-3) crosses the kinks of "
          + "LeakyReLU adversaries often enough to corrupt its gradient; set model.precision = double");
    }
  }

  /** The driver-side corrections of the players' gradients. */
  public static List<GradientCorrection> corrections(Settings.Stabilize s) {
    return s.bestResponse().enabled() ? List.of(BestResponseCorrection.of(s.bestResponse())) : List.of();
  }

  /**
   * The exact best-response Hessian differentiates the adversary's gradient by finite differences in the
   * optimizer's parameters, which must then be the network's (no spectral normalization) and in double precision.
   */
  public static void checkBestResponse(Settings.Stabilize s, DataType precision) {
    Settings.BestResponse brc = s.bestResponse();
    if (!brc.enabled() || brc.hessian() != Settings.HessianKind.EXACT) {
      return;
    }
    if (precision != DataType.DOUBLE) {
      throw new ConfigError("stabilize.brc.hessian", "exact Hessian-vector products are finite differences of "
          + "gradients, which float precision rounds away; set model.precision = double");
    }
    if (s.spectralNorm()) {
      throw new ConfigError("stabilize.brc.hessian", "exact Hessian-vector products displace the network's "
          + "parameters, which spectral normalization reparameterizes; use hessian = fisher or batch-mean with it");
    }
  }

  /**
   * How the adversary's optimizer parameters become its network parameters: spectral normalization of
   * {@code adversary}'s weights when configured.
   *
   * @param adversary the adversary's network, or null for a game whose adversary has none
   * @param seed      seeds the power-iteration vectors
   */
  public static Reparameterization adversaryReparameterization(Settings.Stabilize s, MultiLayerNetwork adversary,
      ParameterSet parameters, long seed) {
    if (!s.spectralNorm()) {
      return Reparameterization.IDENTITY;
    }
    if (adversary == null) {
      throw new ConfigError("stabilize.spectral-norm", "this game's adversary has no layer weights to normalize");
    }
    try {
      return SpectralNormalization.of(adversary, parameters, seed);
    } catch (IllegalArgumentException e) {
      throw new ConfigError("stabilize.spectral-norm", e.getMessage());
    }
  }
}
