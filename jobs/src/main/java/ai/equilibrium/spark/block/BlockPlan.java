package ai.equilibrium.spark.block;

import ai.equilibrium.step.Player;
import ai.equilibrium.train.LoopCheckpoint;
import ai.equilibrium.train.PlayerCheckpoint;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;

/**
 * What every replica of a block needs, broadcast once per attempt. The players' state at the start, most of a
 * block's bytes, is not in it: it travels in a broadcast of its own that only a replica not already holding it
 * (by {@code startDigest}) reads, so after the first block the executors fetch nothing but this.
 *
 * @param block       the block's number in the run
 * @param attempt     the block's attempt (a failed attempt runs again from the same start)
 * @param config      the run's resolved configuration (HOCON), which the replicas assemble the experiment from
 * @param loop        the loop's state at the block's start, its players' arrays left out (empty)
 * @param startDigest {@link ReplicaTask#digest} of the whole start state
 * @param until       the step the block ends before
 * @param totalSteps  the run's steps
 */
record BlockPlan(long block, int attempt, String config, LoopCheckpoint loop, String startDigest, long until,
    long totalSteps) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** {@code start} without its players' arrays. */
  static LoopCheckpoint withoutPlayers(LoopCheckpoint start) {
    Map<Player, PlayerCheckpoint> empty = new EnumMap<>(Player.class);
    for (Player p : Player.values()) {
      empty.put(p, new PlayerCheckpoint(new double[0], new double[0], new double[0]));
    }
    return new LoopCheckpoint(start.step(), empty, start.schedule(), start.guard(), start.learningRateScale(),
        start.rollbacks());
  }
}
