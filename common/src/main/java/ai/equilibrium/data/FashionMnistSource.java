package ai.equilibrium.data;

import ai.equilibrium.storage.Digests;
import ai.equilibrium.storage.FileSystems;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Fashion-MNIST (Xiao et al. 2017) images from the original IDX files, as the Debian package
 * {@code dataset-fashion-mnist} installs them, read through the Hadoop FileSystem (file:, hdfs:, s3a:).
 * Pixels are scaled from [0, 255] to [-1, 1].
 */
public final class FashionMnistSource implements DataSource<DataShard> {
  private static final long serialVersionUID = 1L;

  /** The training images' file name, by which a folder is known to hold the data set. */
  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";

  /** Which of the two splits to read. */
  public enum Split {
    TRAIN("train"),
    TEST("t10k");

    private final String filePrefix;

    Split(String filePrefix) {
      this.filePrefix = filePrefix;
    }
  }

  private final String directory;
  private final Split split;

  public FashionMnistSource(String directory, Split split) {
    this.directory = directory;
    this.split = split;
  }

  @Override
  public String name() {
    return "fashion-mnist-" + split.name().toLowerCase();
  }

  /** From the images file's header. */
  @Override
  public long sampleCount() {
    Path path = new Path(imagesPath());
    try (InputStream in = FileSystems.of(path).open(path)) {
      return IdxFile.dimensions(in, path.toString())[0];
    } catch (IOException e) {
      throw new DataUnavailableException("cannot read Fashion-MNIST images from " + path + ": " + e.getMessage(), e);
    }
  }

  /** The images' and the labels' files. */
  @Override
  public String contentHash() {
    return Digests.sha256(Digests.file(imagesPath()) + " " + Digests.file(labelsPath()));
  }

  @Override
  public SampleShape shape() {
    return new SampleShape.Image(1, 28, 28);
  }

  public String imagesPath() {
    return directory + "/" + split.filePrefix + "-images-idx3-ubyte.gz";
  }

  public String labelsPath() {
    return directory + "/" + split.filePrefix + "-labels-idx1-ubyte.gz";
  }

  /**
   * Fails, saying where to get them, unless the images are where the source reads them: cheap, so that a driver
   * can check before its executors would read them.
   */
  @Override
  public void checkAvailable() {
    Path path = new Path(imagesPath());
    try {
      requireExists(FileSystems.of(path), path, "images");
    } catch (IOException e) {
      throw new DataUnavailableException("cannot read Fashion-MNIST images from " + path + ": " + e.getMessage(), e);
    }
  }

  /** The whole split with its class labels (0-9), images in [-1, 1] as the shards hold them. */
  public LabelledImages loadLabelled() {
    IdxFile.Tensor images = readImages();
    IdxFile.Tensor labels = read(labelsPath(), "labels");
    if (labels.dimensions().length != 1 || labels.count() != images.count()) {
      throw new DataUnavailableException(labelsPath() + " holds " + labels.count() + " labels for " + images.count()
          + " images in " + imagesPath());
    }
    int[] classes = new int[labels.count()];
    for (int i = 0; i < classes.length; i++) {
      classes[i] = labels.data()[i] & 0xff;
    }
    return new LabelledImages(loadShard(images, 0, 1), classes);
  }

  /** Images (one row each) and their class labels. */
  public record LabelledImages(DataShard images, int[] labels) {}

  @Override
  public int bytesPerValue() {
    return 1;
  }

  @Override
  public DataShard loadShard(int partition, int partitions) {
    return loadShard(readImages(), partition, partitions);
  }

  /** Every {@code partitions}-th image from {@code partition}, kept as its 8-bit pixels (a quarter of floats). */
  private static DataShard loadShard(IdxFile.Tensor images, int partition, int partitions) {
    int size = images.itemSize();
    int count = images.count();
    int rows = count / partitions + (partition < count % partitions ? 1 : 0);
    byte[] pixels = images.data();
    if (partitions == 1) {
      return DataShard.ofPixels(size, pixels);
    }
    byte[] kept = new byte[rows * size];
    int row = 0;
    for (int i = partition; i < count; i += partitions, row++) {
      System.arraycopy(pixels, i * size, kept, row * size, size);
    }
    return DataShard.ofPixels(size, kept);
  }

  private IdxFile.Tensor readImages() {
    IdxFile.Tensor tensor = read(imagesPath(), "images");
    if (tensor.dimensions().length != 3 || tensor.dimensions()[1] != 28 || tensor.dimensions()[2] != 28) {
      throw new DataUnavailableException(imagesPath() + " does not hold 28x28 images: dimensions "
          + java.util.Arrays.toString(tensor.dimensions()));
    }
    return tensor;
  }

  private IdxFile.Tensor read(String file, String what) {
    Path path = new Path(file);
    try {
      FileSystem fs = FileSystems.of(path);
      requireExists(fs, path, what);
      try (InputStream in = fs.open(path)) {
        return IdxFile.read(in, path.toString());
      }
    } catch (IOException e) {
      throw new DataUnavailableException("cannot read Fashion-MNIST " + what + " from " + path + ": " + e.getMessage(), e);
    }
  }

  private static void requireExists(FileSystem fs, Path path, String what) throws IOException {
    if (!fs.exists(path)) {
      throw new DataUnavailableException("Fashion-MNIST " + what + " are not at " + path + ". Install them with "
          + "'apt-get install -y dataset-fashion-mnist' (it goes to " + DataLocations.DEBIAN_FASHION_MNIST + "), put "
          + "them in $" + DataLocations.VARIABLE + "/fashion-mnist, or point "
          + "data.path at a directory holding " + path.getName()
          + " (on a cluster: a path every executor can read, such as hdfs: or s3a:).");
    }
  }
}
