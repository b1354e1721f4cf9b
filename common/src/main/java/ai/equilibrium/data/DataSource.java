package ai.equilibrium.data;

import java.io.Serializable;

/**
 * A training data set. Serializable so that executors load their own partitions: partition p of P holds
 * the samples whose index i satisfies i mod P = p, so a partition's content depends only on P.
 */
public interface DataSource extends Serializable {

  /** A short name for logs and reports. */
  String name();

  SampleShape shape();

  /**
   * Loads one partition's samples. Runs on executors.
   *
   * @throws DataUnavailableException naming the path and how to get the data when it is missing or broken
   */
  DataShard loadShard(int partition, int partitions);
}
