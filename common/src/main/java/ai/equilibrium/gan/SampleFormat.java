package ai.equilibrium.gan;

import ai.equilibrium.data.SampleShape;
import java.util.Locale;

/** How generated samples are written: one PNG file per image, or NumPy .npz archives of many. */
public enum SampleFormat {
  PNG, NPZ;

  /** The format a command line names: png or npz. */
  public static SampleFormat parse(String name) {
    for (SampleFormat format : values()) {
      if (format.configName().equals(name)) {
        return format;
      }
    }
    throw new IllegalArgumentException("--format must be png or npz, got '" + name + "'");
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Checks that samples of {@code shape} can be written in this format: PNG holds grey or RGB images only.
   *
   * @param what names the samples' origin in the message (a run directory)
   */
  public void check(SampleShape shape, String what) {
    if (this != PNG) {
      return;
    }
    if (!(shape instanceof SampleShape.Image image)) {
      throw new IllegalArgumentException("--format png needs an image GAN; " + what + " generates points of "
          + shape.dimension() + " values: use --format npz (samples as float32 [n, " + shape.dimension() + "])");
    }
    if (image.channels() != 1 && image.channels() != 3) {
      throw new IllegalArgumentException("--format png holds grey or RGB images; " + what + " generates images of "
          + image.channels() + " channels: use --format npz");
    }
  }
}
