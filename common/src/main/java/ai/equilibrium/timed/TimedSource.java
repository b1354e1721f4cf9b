package ai.equilibrium.timed;

import ai.equilibrium.data.DataSource;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.storage.Digests;

/** {@code data.source = timed}: partitions that hold nothing; the game's gradients come from its parameters. */
final class TimedSource implements DataSource<TimedShard> {
  private static final long serialVersionUID = 1L;
  private final TimedSettings settings;

  TimedSource(TimedSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "timed";
  }

  @Override
  public SampleShape shape() {
    return new SampleShape.Point(1);
  }

  @Override
  public TimedShard loadShard(int partition, int partitions) {
    return new TimedShard(partition, partitions);
  }

  @Override
  public long sampleCount() {
    return 0;
  }

  @Override
  public String contentHash() {
    return Digests.sha256("generated " + settings);
  }
}
