package ai.equilibrium.data;

import java.io.Serializable;

/**
 * A training data set. Serializable so that executors load their own partitions: partition p of P holds
 * the samples whose index i satisfies i mod P = p, so a partition's content depends only on P.
 *
 * @param <S> what one partition holds: samples ({@link DataShard}), or the game-specific shard of a game that
 *            needs more (labels, domains)
 */
public interface DataSource<S extends Serializable> extends Serializable {

  /** A short name for logs and reports. */
  String name();

  /** What one sample is (for a shard of several domains, the shape they share). */
  SampleShape shape();

  /**
   * Loads one partition's samples. Runs on executors.
   *
   * @throws DataUnavailableException naming the path and how to get the data when it is missing or broken
   */
  S loadShard(int partition, int partitions);

  /**
   * How many samples the partitions hold together: what the data set costs in memory where it is cached.
   * Driver-side and cheap (a header or a manifest, never the samples).
   */
  long sampleCount();

  /** What one value of a sample takes in a cached partition: 4 for floats, 1 for images kept as 8-bit pixels. */
  default int bytesPerValue() {
    return Float.BYTES;
  }

  /**
   * What the samples are, as a SHA-256 in hex: of the files read for data sets on disk, of the generator and its
   * parameters for generated data. Runs record it, so that a change of data is told from a change of code.
   * Driver-side; may read every file once.
   */
  String contentHash();

  /**
   * Fails, saying where to get them, unless the data are where this source reads them: cheap, so that a driver
   * can check before its executors would read them. Generated data are always there.
   *
   * @throws DataUnavailableException naming the path and how to get the data
   */
  default void checkAvailable() {}
}
