package ai.equilibrium.predict;

import java.io.Serializable;

/** What one input item is, as read: an image of 8-bit pixels, a row of values, or something predict cannot use. */
public sealed interface InputItems extends Serializable {

  /**
   * An image of 8-bit pixels.
   *
   * @param channelsLast [height, width, channels] (NumPy, IDX), else [channels, height, width] (prepared shards)
   */
  record Pixels(int channels, int height, int width, boolean channelsLast) implements InputItems {}

  /** A row of values that the model takes as they are. */
  record Values(int dimension) implements InputItems {}

  /** A layout predict does not read; {@code reason} says which ones it does. */
  record Unusable(String reason) implements InputItems {}
}
