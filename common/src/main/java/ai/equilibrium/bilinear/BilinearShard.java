package ai.equilibrium.bilinear;

import java.io.Serializable;

/** A partition of the bilinear game: its samples are the perturbations each micro-batch draws, so it holds none. */
public record BilinearShard(int partition, int partitions) implements Serializable {}
