package ai.equilibrium.gan;

import ai.equilibrium.backend.ShardComputation;
import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.DataSource;
import ai.equilibrium.data.DeterministicSeeds;
import ai.equilibrium.metrics.FeatureExtractor;
import ai.equilibrium.metrics.FeatureSet;
import ai.equilibrium.tensor.HostArrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Features of a reference sample set that stands in for a generator, to put scores in context: held-out
 * real data (a floor: what a perfect generator would score) or uniform noise in [-1, 1] (a ceiling). Sample
 * g is computed on partition g mod P, like generated samples.
 */
public record ReferenceFeatures(FeatureExtractor extractor, Kind kind, DataSource<DataShard> heldOut, int samples, int partitions,
    long seed) implements ShardComputation<GanGame, GanNetworks, DataShard, FeatureSet> {

  /** Which reference. */
  public enum Kind {
    /** The first samples of a held-out split ({@code heldOut}), for example the test split. */
    HELD_OUT,
    /** Independent uniform noise in [-1, 1], one value per pixel. */
    NOISE
  }

  @Override
  public FeatureSet compute(GanGame game, GanNetworks networks, DataShard shard, int partition) {
    int dimension = shard.dimension();
    DataShard held = kind == Kind.HELD_OUT ? heldOut.loadShard(partition, partitions) : null;
    int mine = PartitionSamples.count(partition, partitions, samples);
    if (held != null && mine > held.size()) {
      throw new IllegalArgumentException(heldOut.name() + " has too few samples for " + samples + " reference samples");
    }
    return PartitionSamples.features(extractor, partition, partitions, mine, (first, indices) -> {
      if (held != null) {
        return held.rows(PartitionSamples.rows(first, indices.length), DataType.FLOAT);
      }
      float[] noise = new float[indices.length * dimension];
      for (int i = 0; i < indices.length; i++) {
        SplittableRandom random = new SplittableRandom(DeterministicSeeds.mix(seed, indices[i]));
        for (int j = 0; j < dimension; j++) {
          noise[i * dimension + j] = (float) (2 * random.nextDouble() - 1);
        }
      }
      return HostArrays.fromFloats(noise, indices.length, dimension);
    });
  }

  @Override
  public FeatureSet merge(FeatureSet a, FeatureSet b) {
    return a.merge(b);
  }
}
