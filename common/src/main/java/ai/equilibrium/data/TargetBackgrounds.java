package ai.equilibrium.data;

import java.io.Serializable;

/**
 * What an MNIST-M-style target digit is blended onto: a colour patch per digit, a function of the seed and the
 * digit's index only, so that every JVM (driver and executors) makes the same target set.
 */
public interface TargetBackgrounds extends Serializable {

  /** The patch for a digit's seed: channel-major [3][side][side], values in [0, 1]. */
  float[] patch(long seed, int side);

  /** What the patches are made from, for the data's content hash. */
  String contentHash();

  /** Fails, saying what is missing and how to get it, unless the patches can be made (reads what they need). */
  default void checkAvailable() {}
}
