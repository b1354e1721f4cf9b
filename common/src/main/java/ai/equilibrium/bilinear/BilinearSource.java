package ai.equilibrium.bilinear;

import ai.equilibrium.data.DataSource;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.storage.Digests;

/** {@code data.source = bilinear}: the game's partitions, which hold nothing; the instance lives in the game. */
final class BilinearSource implements DataSource<BilinearShard> {
  private static final long serialVersionUID = 1L;
  private final BilinearSettings settings;
  private final long seed;

  BilinearSource(BilinearSettings settings, long seed) {
    this.settings = settings;
    this.seed = seed;
  }

  @Override
  public String name() {
    return "bilinear-" + settings.dimension();
  }

  @Override
  public SampleShape shape() {
    return new SampleShape.Point(settings.dimension());
  }

  @Override
  public BilinearShard loadShard(int partition, int partitions) {
    return new BilinearShard(partition, partitions);
  }

  /** The game's samples are drawn, not stored. */
  @Override
  public long sampleCount() {
    return 0;
  }

  /** The instance is generated: its settings and seed say what it is. */
  @Override
  public String contentHash() {
    return Digests.sha256("generated " + settings + " seed=" + seed);
  }
}
