package ai.equilibrium.data;

import ai.equilibrium.storage.Digests;
import java.util.SplittableRandom;

/**
 * Images of independent uniform pixels in [-1, 1]: no data set to download, for benchmarking and smoke-testing
 * image architectures at their size (the benchmark's dcgan-64 runs on 64x64 RGB noise, as its PyTorch
 * reference does). Sample i depends only on the seed and i.
 */
public final class NoiseImageSource implements DataSource<DataShard> {
  private final SampleShape.Image shape;
  private final int samples;
  private final long seed;

  public NoiseImageSource(SampleShape.Image shape, int samples, long seed) {
    this.shape = shape;
    this.samples = samples;
    this.seed = seed;
  }

  @Override
  public String name() {
    return "noise-images " + shape.channels() + "x" + shape.height() + "x" + shape.width();
  }

  @Override
  public long sampleCount() {
    return samples;
  }

  @Override
  public String contentHash() {
    return Digests.sha256("generated " + name() + " samples=" + samples + " seed=" + seed);
  }

  @Override
  public SampleShape shape() {
    return shape;
  }

  @Override
  public DataShard loadShard(int partition, int partitions) {
    int dimension = shape.dimension();
    int rows = samples / partitions + (partition < samples % partitions ? 1 : 0);
    float[] values = new float[dimension * rows];
    int row = 0;
    for (int i = partition; i < samples; i += partitions, row++) {
      SplittableRandom random = new SplittableRandom(DeterministicSeeds.mix(seed, i));
      for (int k = 0; k < dimension; k++) {
        values[row * dimension + k] = (float) (2 * random.nextDouble() - 1);
      }
    }
    return new DataShard(dimension, values);
  }
}
