package ai.equilibrium.timed;

import java.io.Serializable;

/** A partition of the timed game: it holds no samples. */
public record TimedShard(int partition, int partitions) implements Serializable {}
