package ai.equilibrium.data;

import java.io.Serializable;

/** What one flattened sample is, so networks and sample views can be built for it. */
public sealed interface SampleShape extends Serializable {

  /** Number of values in one flattened sample. */
  int dimension();

  /** Images, channels-first, values in [-1, 1]. */
  record Image(int channels, int height, int width) implements SampleShape {
    @Override
    public int dimension() {
      return channels * height * width;
    }
  }

  /** Points in R^n, unbounded. */
  record Point(int dimension) implements SampleShape {}
}
