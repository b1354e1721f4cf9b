package ai.equilibrium.data;

import ai.equilibrium.storage.Digests;
import ai.equilibrium.storage.FileSystems;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Crops of colour photos, as MNIST-M crops the BSDS500 photos: every JPEG and PNG file of a folder (any Hadoop
 * path), each reduced by a whole-number box filter until its shorter side is below twice BSDS500's 321 pixels
 * (so a 28-pixel crop covers about as much of a scene as in MNIST-M), then a crop per digit at a position drawn
 * from the digit's seed. Integer arithmetic throughout, so every JVM crops the same pixels.
 */
public final class PhotoBackgrounds implements TargetBackgrounds {
  private static final long serialVersionUID = 1L;
  /** BSDS500's shorter side. */
  static final int SCENE_SIDE = 321;
  private static final String INSTALL = "Install Debian's mate-backgrounds (apt-get install mate-backgrounds) for "
      + "its nature photos, or set data.mnistm.photos to a folder of JPEG or PNG photos (on a cluster, a path "
      + "every executor can read, such as hdfs: or s3a:)";

  private final String folder;
  /** Read on first use on each JVM, never serialized. */
  private transient volatile Photos photos;

  /** The folder's photos, reduced, in file-name order, and a hash of their files. */
  private record Photos(List<ImageDecoder.RgbImage> images, String hash) {}

  public PhotoBackgrounds(String folder) {
    this.folder = folder;
  }

  @Override
  public float[] patch(long seed, int side) {
    List<ImageDecoder.RgbImage> all = photos().images();
    SplittableRandom random = new SplittableRandom(seed);
    ImageDecoder.RgbImage photo = all.get(random.nextInt(all.size()));
    int x0 = random.nextInt(photo.width() - side + 1);
    int y0 = random.nextInt(photo.height() - side + 1);
    float[] patch = new float[3 * side * side];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          int value = photo.rgb()[3 * ((y0 + y) * photo.width() + x0 + x) + c] & 0xff;
          patch[(c * side + y) * side + x] = value / 255f;
        }
      }
    }
    return patch;
  }

  @Override
  public String contentHash() {
    return photos().hash();
  }

  @Override
  public void checkAvailable() {
    photos();
  }

  private Photos photos() {
    Photos read = photos;
    if (read == null) {
      synchronized (this) {
        read = photos;
        if (read == null) {
          read = read();
          photos = read;
        }
      }
    }
    return read;
  }

  private Photos read() {
    Path dir = new Path(folder);
    StringBuilder digests = new StringBuilder();
    List<ImageDecoder.RgbImage> out = new ArrayList<>();
    try {
      FileSystem fs = FileSystems.of(dir);
      if (!fs.exists(dir)) {
        throw new DataUnavailableException("no folder of background photos at " + folder + " (data.mnistm.photos). "
            + INSTALL);
      }
      FileStatus[] files = fs.listStatus(dir);
      Arrays.sort(files, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
      for (FileStatus file : files) {
        if (!file.isFile() || !ImageDecoder.isImageName(file.getPath().getName())) {
          continue;
        }
        byte[] bytes;
        try (InputStream in = fs.open(file.getPath())) {
          bytes = in.readAllBytes();
        }
        ImageDecoder.RgbImage photo;
        try {
          photo = reduce(ImageDecoder.decode(bytes));
        } catch (ImageDecoder.UnreadableImage e) {
          throw new DataUnavailableException("cannot decode background photo " + file.getPath() + ": "
              + e.getMessage() + " (data.mnistm.photos; remove it or point the setting elsewhere)");
        }
        if (Math.min(photo.width(), photo.height()) < MnistDigits.SIDE) {
          throw new DataUnavailableException("background photo " + file.getPath() + " is " + photo.width() + "x"
              + photo.height() + ", smaller than a " + MnistDigits.SIDE + "-pixel crop (data.mnistm.photos)");
        }
        out.add(photo);
        digests.append(file.getPath().getName()).append('=').append(Digests.sha256(bytes)).append(' ');
      }
    } catch (IOException e) {
      throw new DataUnavailableException("cannot read background photos from " + folder + " (data.mnistm.photos): "
          + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new DataUnavailableException("no JPEG or PNG photos in " + folder + " (data.mnistm.photos). " + INSTALL);
    }
    return new Photos(List.copyOf(out), Digests.sha256(digests.toString()));
  }

  /** Averages k x k blocks, k the largest whole number that keeps the shorter side at least {@link #SCENE_SIDE}. */
  static ImageDecoder.RgbImage reduce(ImageDecoder.RgbImage photo) {
    int k = Math.max(1, Math.min(photo.width(), photo.height()) / SCENE_SIDE);
    if (k == 1) {
      return photo;
    }
    int w = photo.width() / k;
    int h = photo.height() / k;
    byte[] rgb = new byte[3 * w * h];
    int area = k * k;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          int sum = 0;
          for (int dy = 0; dy < k; dy++) {
            int row = (y * k + dy) * photo.width();
            for (int dx = 0; dx < k; dx++) {
              sum += photo.rgb()[3 * (row + x * k + dx) + c] & 0xff;
            }
          }
          rgb[3 * (y * w + x) + c] = (byte) ((sum + area / 2) / area);
        }
      }
    }
    return new ImageDecoder.RgbImage(w, h, rgb);
  }
}
