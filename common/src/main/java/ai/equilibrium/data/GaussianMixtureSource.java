package ai.equilibrium.data;

import ai.equilibrium.storage.Digests;
import java.util.SplittableRandom;

/**
 * The 2-D Gaussian mixtures of the mode-collapse literature (unrolled GAN, VEEGAN, PacGAN): a ring of 8
 * (radius 2, std 0.02) or a 5x5 grid at -4..4 (std 0.05), equal weights. Sample i is drawn from its own
 * random stream (seed, i), so the data set is the same whatever the partitioning.
 */
public final class GaussianMixtureSource implements DataSource<DataShard> {
  private static final long serialVersionUID = 1L;

  /** The mixture's layout. */
  public enum Layout {
    RING_8,
    GRID_25
  }

  private final Layout layout;
  private final int samples;
  private final long seed;

  public GaussianMixtureSource(Layout layout, int samples, long seed) {
    if (samples <= 0) {
      throw new IllegalArgumentException("a mixture needs a positive number of samples, got " + samples);
    }
    this.layout = layout;
    this.samples = samples;
    this.seed = seed;
  }

  @Override
  public String name() {
    return layout == Layout.RING_8 ? "gaussian-ring-8" : "gaussian-grid-25";
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
    return new SampleShape.Point(2);
  }

  /** The centres of the modes, [k][2]. */
  public double[][] centres() {
    return switch (layout) {
      case RING_8 -> {
        double[][] c = new double[8][];
        for (int k = 0; k < 8; k++) {
          double angle = 2 * Math.PI * k / 8;
          c[k] = new double[] {2 * Math.cos(angle), 2 * Math.sin(angle)};
        }
        yield c;
      }
      case GRID_25 -> {
        double[][] c = new double[25][];
        for (int k = 0; k < 25; k++) {
          c[k] = new double[] {-4 + 2 * (k / 5), -4 + 2 * (k % 5)};
        }
        yield c;
      }
    };
  }

  /** The standard deviation of each mode. */
  public double standardDeviation() {
    return layout == Layout.RING_8 ? 0.02 : 0.05;
  }

  @Override
  public DataShard loadShard(int partition, int partitions) {
    double[][] centres = centres();
    double std = standardDeviation();
    int rows = samples / partitions + (partition < samples % partitions ? 1 : 0);
    float[] values = new float[2 * rows];
    int row = 0;
    for (int i = partition; i < samples; i += partitions, row++) {
      SplittableRandom random = new SplittableRandom(DeterministicSeeds.mix(seed, i));
      double[] c = centres[random.nextInt(centres.length)];
      values[2 * row] = (float) (c[0] + std * random.nextGaussian());
      values[2 * row + 1] = (float) (c[1] + std * random.nextGaussian());
    }
    return new DataShard(2, values);
  }
}
