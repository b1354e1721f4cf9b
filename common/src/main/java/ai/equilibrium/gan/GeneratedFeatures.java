package ai.equilibrium.gan;

import ai.equilibrium.backend.ShardComputation;
import ai.equilibrium.data.DataShard;
import ai.equilibrium.metrics.FeatureExtractor;
import ai.equilibrium.metrics.FeatureSet;

/**
 * Features of {@code samples} generated samples at the generator's current parameters: partition p
 * generates samples p, p + P, ..., each from its own latent code (seed, g), in inference mode.
 */
public record GeneratedFeatures(FeatureExtractor extractor, int samples, int partitions, long seed)
    implements ShardComputation<GanGame, GanNetworks, DataShard, FeatureSet> {

  @Override
  public FeatureSet compute(GanGame game, GanNetworks networks, DataShard shard, int partition) {
    int mine = PartitionSamples.count(partition, partitions, samples);
    return PartitionSamples.features(extractor, partition, partitions, mine,
        (first, indices) -> game.generate(networks, indices, seed));
  }

  @Override
  public FeatureSet merge(FeatureSet a, FeatureSet b) {
    return a.merge(b);
  }
}
