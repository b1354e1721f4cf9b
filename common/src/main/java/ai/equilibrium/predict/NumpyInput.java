package ai.equilibrium.predict;

import ai.equilibrium.data.DataUnavailableException;
import ai.equilibrium.data.NumpyArchive;
import ai.equilibrium.storage.FileSystems;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * One array of a NumPy .npz archive: uint8 images, [n, height, width] (grey) or [n, height, width, channels] as
 * NumPy and PIL hold them, or rows of numbers [n, d] that the model takes as they are (float64 rounded to float32).
 * Items are named by their index. Each task streams the archive to its rows; a compressed archive is inflated from
 * its start by every task.
 */
public record NumpyInput(String location, NumpyArchive.Header array) implements PredictionInput {
  private static final long serialVersionUID = 1L;

  /**
   * Reads the headers only.
   *
   * @param name the array to read, or null for the archive's first
   * @throws IllegalArgumentException naming the archive and its arrays when it has no array of that name
   */
  static NumpyInput open(String file, String name) {
    Path path = new Path(file);
    List<NumpyArchive.Header> headers;
    try (InputStream in = FileSystems.of(path).open(path)) {
      headers = NumpyArchive.headers(in, file);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " is not a readable .npz archive: " + e.getMessage(), e);
    }
    if (name == null) {
      return new NumpyInput(file, headers.get(0));
    }
    return headers.stream().filter(h -> h.name().equals(name)).findFirst().map(h -> new NumpyInput(file, h))
        .orElseThrow(() -> new IllegalArgumentException(file + " has no array '" + name + "'; its arrays: "
            + String.join(", ", headers.stream().map(NumpyArchive.Header::name).toList())));
  }

  @Override
  public String describe() {
    return location + ", array '" + array.name() + "' (" + array.describe() + ")";
  }

  @Override
  public long count() {
    return array.rows();
  }

  @Override
  public InputItems items() {
    long[] shape = array.shape();
    boolean bytes = array.type() == NumpyArchive.Type.UINT8;
    if (bytes && (shape.length == 3 || shape.length == 4)) {
      return new InputItems.Pixels(shape.length == 4 ? (int) shape[3] : 1, (int) shape[1], (int) shape[2], true);
    }
    if (!bytes && shape.length == 2) {
      return new InputItems.Values((int) shape[1]);
    }
    return new InputItems.Unusable("predict reads uint8 images, [n, height, width] or [n, height, width, channels], "
        + "or rows of numbers, [n, d]");
  }

  @Override
  public List<Range> ranges(int minimum) {
    return Range.split(count(), array.rowBytes(), minimum);
  }

  @Override
  public InputChunk read(Range range) {
    Path path = new Path(location);
    NumpyArchive.Array rows;
    try (InputStream in = FileSystems.of(path).open(path)) {
      rows = NumpyArchive.rows(in, array.name(), range.from(), range.to(), location);
    } catch (IOException e) {
      throw new DataUnavailableException("cannot read " + location + ": " + e.getMessage(), e);
    }
    String[] ids = PredictionInput.indices(range);
    return rows.type() == NumpyArchive.Type.UINT8 ? InputChunk.ofPixels(ids, rows.data())
        : InputChunk.ofValues(ids, rows.floats());
  }
}
