package ai.equilibrium.evaluation;

import ai.equilibrium.data.DataShard;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GanNetworks;
import ai.equilibrium.metrics.FeatureExtractor;
import ai.equilibrium.metrics.FeatureSet;
import ai.equilibrium.train.ShardComputation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Features of the first {@code samples} training samples, each computed on the partition that holds it
 * (sample g lives in partition g mod P, row g / P).
 */
public record RealFeatures(FeatureExtractor extractor, int samples, int partitions)
    implements ShardComputation<GanNetworks, FeatureSet> {
  static final int BATCH = 500;

  @Override
  public FeatureSet compute(AdversarialGame<GanNetworks> game, GanNetworks networks, DataShard shard, int partition) {
    int rows = 0;
    while (rows < shard.size() && partition + (long) rows * partitions < samples) {
      rows++;
    }
    FeatureSet set = FeatureSet.empty(extractor.dimension());
    for (int start = 0; start < rows; start += BATCH) {
      int[] batch = new int[Math.min(BATCH, rows - start)];
      long[] indices = new long[batch.length];
      for (int i = 0; i < batch.length; i++) {
        batch[i] = start + i;
        indices[i] = partition + (long) (start + i) * partitions;
      }
      set.add(indices, extractor.features(shard.rows(batch, DataType.FLOAT)));
    }
    return set;
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
