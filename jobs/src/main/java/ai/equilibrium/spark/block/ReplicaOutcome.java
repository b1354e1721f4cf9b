package ai.equilibrium.spark.block;

import ai.equilibrium.train.BlockRunner;
import java.io.Serializable;

/**
 * What a replica returns at a block's end.
 *
 * @param partition the replica's partition
 * @param digest    SHA-256 of its whole state at the end (players, optimizers, guard): equal on every replica
 * @param block     the block's metrics and end state (partition 0's only; null on the others)
 * @param bytesIn   gradient bytes it fetched from other replicas
 * @param bytesOut  gradient bytes it put for them
 * @param bytesToDriver bytes of its reports to the driver
 * @param nanos     time in each part of its phases ({@link BlockTraffic#PARTS}), and in the whole block last
 * @param readStart whether it read the start state's broadcast (it did not hold that state already)
 */
record ReplicaOutcome(int partition, String digest, BlockRunner.Block block, long bytesIn, long bytesOut,
    long bytesToDriver, long[] nanos, boolean readStart) implements Serializable {
  private static final long serialVersionUID = 1L;
}
