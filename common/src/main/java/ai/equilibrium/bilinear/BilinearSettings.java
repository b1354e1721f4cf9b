package ai.equilibrium.bilinear;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ConfigReader;

/**
 * {@code game.bilinear.*}: the game min_x max_y x^T A y + b^T x + c^T y in {@code dimension} dimensions.
 *
 * @param conditioning A's condition number: its singular values lie log-spaced from 1 down to 1 / conditioning
 * @param offset       the standard deviation of b's and c's entries (0: the equilibrium is the origin)
 * @param noise        the standard deviation of each sample's perturbation of b and c (0: exact gradients)
 */
public record BilinearSettings(int dimension, double conditioning, double offset, double noise) {
  static final String DEFAULTS = """
      game.bilinear {
        # x and y each have this many entries
        dimension = 10
        # A's condition number: singular values log-spaced from 1 down to 1 / conditioning
        conditioning = 2
        # standard deviation of the entries of b and c (0: the equilibrium is the origin)
        offset = 0
        # standard deviation of each sample's perturbation of b and c (0: exact gradients)
        noise = 0
      }
      """;

  static BilinearSettings read(ConfigReader r) {
    double conditioning = r.number("game.bilinear.conditioning");
    if (!(conditioning >= 1) || Double.isInfinite(conditioning)) {
      throw new ConfigError("game.bilinear.conditioning", "must be a number of at least 1, got " + conditioning);
    }
    return new BilinearSettings(r.positive("game.bilinear.dimension"), conditioning,
        r.nonNegative("game.bilinear.offset"), r.nonNegative("game.bilinear.noise"));
  }
}
