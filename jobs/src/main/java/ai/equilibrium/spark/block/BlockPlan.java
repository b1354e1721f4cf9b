package ai.equilibrium.spark.block;

import ai.equilibrium.train.LoopCheckpoint;
import java.io.Serializable;

/**
 * What every replica of a block needs, broadcast once per block.
 *
 * @param block      the block's number in the run
 * @param attempt    the block's attempt (a failed attempt runs again from the same start)
 * @param config     the run's resolved configuration (HOCON), which the replicas assemble the experiment from
 * @param start      the loop's state at the block's start
 * @param until      the step the block ends before
 * @param totalSteps the run's steps
 */
record BlockPlan(long block, int attempt, String config, LoopCheckpoint start, long until, long totalSteps)
    implements Serializable {
  private static final long serialVersionUID = 1L;
}
