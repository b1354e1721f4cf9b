package ai.equilibrium.timed;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ConfigReader;
import java.io.Serializable;

/**
 * {@code game.timed.*}: the players' sizes and the time one micro-batch's gradients take.
 *
 * @param mainParameters      the main player's parameter count (mlp-mnist's generator: 550,416; dcgan-64's:
 *                            3,576,704)
 * @param adversaryParameters the adversary's (mlp-mnist: 533,505; dcgan-64: 2,765,568)
 * @param computeMillis       how long each micro-batch's gradients take, in milliseconds
 */
public record TimedSettings(int mainParameters, int adversaryParameters, double computeMillis)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  static final String DEFAULTS = """
      game.timed {
        # the players' parameter counts (the defaults are mlp-mnist's generator and discriminator)
        main-parameters = 550416
        adversary-parameters = 533505
        # the time each micro-batch's gradient computation takes, in milliseconds (a sleep)
        compute-ms = 10
      }
      """;

  static TimedSettings read(ConfigReader r) {
    double compute = r.nonNegative("game.timed.compute-ms");
    if (Double.isInfinite(compute)) {
      throw new ConfigError("game.timed.compute-ms", "must be finite");
    }
    return new TimedSettings(r.positive("game.timed.main-parameters"), r.positive("game.timed.adversary-parameters"),
        compute);
  }
}
