package ai.equilibrium.gan;

import ai.equilibrium.backend.ShardComputation;
import ai.equilibrium.data.DataShard;
import ai.equilibrium.metrics.FeatureExtractor;
import ai.equilibrium.metrics.FeatureSet;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Features of the first {@code samples} training samples, each computed on the partition that holds it
 * ({@link PartitionSamples}).
 */
public record RealFeatures(FeatureExtractor extractor, int samples, int partitions)
    implements ShardComputation<GanGame, GanNetworks, DataShard, FeatureSet> {
  @Override
  public FeatureSet compute(GanGame game, GanNetworks networks, DataShard shard, int partition) {
    int rows = Math.min(shard.size(), PartitionSamples.count(partition, partitions, samples));
    return PartitionSamples.features(extractor, partition, partitions, rows,
        (first, indices) -> shard.rows(PartitionSamples.rows(first, indices.length), DataType.FLOAT));
  }

  @Override
  public FeatureSet merge(FeatureSet a, FeatureSet b) {
    return a.merge(b);
  }

  @Override
  public String toString() {
    return "RealFeatures[" + extractor.id() + ", " + samples + " samples]";
  }
}
