package ai.equilibrium.train;

import ai.equilibrium.step.Player;
import java.util.EnumMap;
import java.util.Map;

/**
 * Everything the loop's next step reads, apart from the data, whose draws the seeds fix: after restoring it,
 * training continues bitwise as if it had never stopped.
 *
 * @param step              steps completed
 * @param players           each player's parameters, optimizer and reparameterization state
 * @param schedule          the adversary learning-rate schedule's state (its EMA)
 * @param guard             the divergence guard's state (its EMA and the steps spent outside its band)
 * @param learningRateScale what both base learning rates are multiplied by (lowered at each rollback)
 * @param rollbacks         rollbacks so far
 */
public record LoopCheckpoint(long step, Map<Player, PlayerCheckpoint> players, double[] schedule, double[] guard,
    double learningRateScale, int rollbacks) implements java.io.Serializable {

  public LoopCheckpoint {
    players = new EnumMap<>(players);
    if (!players.keySet().containsAll(java.util.EnumSet.allOf(Player.class))) {
      throw new IllegalArgumentException("a loop checkpoint holds every player, got " + players.keySet());
    }
  }

  public PlayerCheckpoint player(Player player) {
    return players.get(player);
  }
}
