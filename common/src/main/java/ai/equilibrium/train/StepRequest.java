package ai.equilibrium.train;

import ai.equilibrium.game.Player;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.Set;

/**
 * What one backend call computes: the gradients of the listed players at the current parameters.
 *
 * @param step      the training step (0-based)
 * @param iteration the adversary iteration within the step (0..n-1), for independent draws per iteration
 * @param players   whose gradients to compute
 */
public record StepRequest(long step, int iteration, Set<Player> players) implements Serializable {

  public StepRequest {
    if (players.isEmpty()) {
      throw new IllegalArgumentException("a step request needs at least one player");
    }
    players = EnumSet.copyOf(players);
  }

  public boolean wants(Player player) {
    return players.contains(player);
  }
}
