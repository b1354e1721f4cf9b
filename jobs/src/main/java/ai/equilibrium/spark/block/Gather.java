package ai.equilibrium.spark.block;

import java.io.Serializable;

/**
 * A replica's part of a gathering on the coordinator: once every replica of the attempt has sent the same key,
 * each gets every payload, by partition. Replaces Spark's own barrier calls, which poll once a second.
 *
 * @param block      the block's number in the run
 * @param attempt    the block's attempt
 * @param key        names the gathering within the attempt
 * @param partition  the replica's partition
 * @param partitions how many replicas gather
 * @param payload    what this replica contributes (may be empty)
 */
record Gather(long block, int attempt, String key, int partition, int partitions, byte[] payload)
    implements Serializable {
  private static final long serialVersionUID = 1L;
}
