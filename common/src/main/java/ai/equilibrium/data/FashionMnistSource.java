package ai.equilibrium.data;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Fashion-MNIST (Xiao et al. 2017) images from the original IDX files, as the Debian package
 * {@code dataset-fashion-mnist} installs them, read through the Hadoop FileSystem (file:, hdfs:, s3a:).
 * Pixels are scaled from [0, 255] to [-1, 1].
 */
public final class FashionMnistSource implements DataSource {
  private static final long serialVersionUID = 1L;

  /** Where the Debian package puts the files. */
  public static final String DEFAULT_DIRECTORY = "/usr/share/datasets/fashion-mnist";

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

  @Override
  public SampleShape shape() {
    return new SampleShape.Image(1, 28, 28);
  }

  public String imagesPath() {
    return directory + "/" + split.filePrefix + "-images-idx3-ubyte.gz";
  }

  @Override
  public DataShard loadShard(int partition, int partitions) {
    IdxFile.Tensor images = readImages();
    int size = images.itemSize();
    int count = images.count();
    int rows = count / partitions + (partition < count % partitions ? 1 : 0);
    float[] values = new float[rows * size];
    byte[] pixels = images.data();
    int row = 0;
    for (int i = partition; i < count; i += partitions, row++) {
      for (int j = 0; j < size; j++) {
        values[row * size + j] = (pixels[i * size + j] & 0xff) / 127.5f - 1f;
      }
    }
    return new DataShard(size, values);
  }

  private IdxFile.Tensor readImages() {
    Path path = new Path(imagesPath());
    try {
      FileSystem fs = path.getFileSystem(new Configuration());
      if (!fs.exists(path)) {
        throw new DataUnavailableException("Fashion-MNIST is not at " + path + ". Install it with "
            + "'apt-get install -y dataset-fashion-mnist' (it goes to " + DEFAULT_DIRECTORY + "), or point "
            + "data.path at a directory holding " + split.filePrefix + "-images-idx3-ubyte.gz"
            + " (on a cluster: a path every executor can read, such as hdfs: or s3a:).");
      }
      try (InputStream in = fs.open(path)) {
        IdxFile.Tensor tensor = IdxFile.read(in, path.toString());
        if (tensor.dimensions().length != 3 || tensor.dimensions()[1] != 28 || tensor.dimensions()[2] != 28) {
          throw new DataUnavailableException(path + " does not hold 28x28 images: dimensions "
              + java.util.Arrays.toString(tensor.dimensions()));
        }
        return tensor;
      }
    } catch (IOException e) {
      throw new DataUnavailableException("cannot read Fashion-MNIST images from " + path + ": " + e.getMessage(), e);
    }
  }
}
