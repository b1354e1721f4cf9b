package ai.equilibrium.evaluation;

import ai.equilibrium.data.DataShard;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GanGame;
import ai.equilibrium.game.GanNetworks;
import ai.equilibrium.metrics.FeatureExtractor;
import ai.equilibrium.metrics.FeatureSet;
import ai.equilibrium.train.ShardComputation;

/**
 * Features of {@code samples} generated samples at the generator's current parameters: partition p
 * generates samples p, p + P, ..., each from its own latent code (seed, g), in inference mode.
 */
public record GeneratedFeatures(FeatureExtractor extractor, int samples, int partitions, long seed)
    implements ShardComputation<GanNetworks, FeatureSet> {

  @Override
  public FeatureSet compute(AdversarialGame<GanNetworks> game, GanNetworks networks, DataShard shard, int partition) {
    if (!(game instanceof GanGame gan)) {
      throw new IllegalArgumentException("generated features need a GAN game, got " + game.getClass().getSimpleName());
    }
    int mine = PartitionSamples.count(partition, partitions, samples);
    return PartitionSamples.features(extractor, partition, partitions, mine,
        (first, indices) -> gan.generate(networks, indices, seed));
  }

  @Override
  public FeatureSet merge(FeatureSet a, FeatureSet b) {
    return a.merge(b);
  }
}
