package ai.equilibrium.data;

/**
 * The data of domain adaptation: a labelled source domain and an unlabelled target domain of samples of one
 * {@link #shape()}, each split into training samples (the shards) and held-out test samples. Partition p of P
 * holds the training samples whose index i in their domain satisfies i mod P = p, for each domain. Like every
 * {@link DataSource}, it is serialized to the executors and reads or generates its data there, lazily.
 */
public interface DomainPairSource extends DataSource<DomainShard> {

  /** The number of classes; labels are in [0, classes). */
  int classes();

  /**
   * The held-out test split of one domain with its labels, for evaluation only (target labels are never
   * trained on). Disjoint from the training samples of both domains. Runs on the driver.
   *
   * @throws DataUnavailableException naming the path and how to get the data when it is missing or broken
   */
  LabelledSet heldOut(Domain domain);
}
