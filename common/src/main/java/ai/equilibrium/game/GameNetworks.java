package ai.equilibrium.game;

import ai.equilibrium.step.Player;
import ai.equilibrium.tensor.NumericVector;
import ai.equilibrium.tensor.ParameterSet;

/**
 * The networks of one game instance. Not thread-safe: one instance per task thread, built once per run
 * and refreshed with each step's parameters.
 */
public interface GameNetworks {

  /**
   * Replaces a player's parameters (flat, in the layout of {@link #parameters(Player)}) with a copy of {@code values},
   * which the caller may overwrite afterwards.
   */
  void setParameters(Player player, NumericVector values);

  /** A copy of a player's current parameters with their per-layer layout. */
  ParameterSet parameters(Player player);
}
