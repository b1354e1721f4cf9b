package ai.equilibrium.predict;

import ai.equilibrium.storage.FileSystems;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What predictions are made on, on any Hadoop path: a prepared image folder, an IDX file or a NumPy archive. The
 * driver reads only what describes it (a manifest, a header); each task reads its own {@link Range} of items.
 */
public sealed interface PredictionInput extends Serializable permits ImageFolderInput, IdxInput, NumpyInput {
  /** Raw bytes one task reads at most, unless the input's own units (a folder's shards) are larger. */
  long BYTES_PER_TASK = 64L << 20;

  /** Items [from, to), in input order. */
  record Range(long from, long to) implements Serializable {
    private static final long serialVersionUID = 1L;

    public int size() {
      return Math.toIntExact(to - from);
    }

    /**
     * {@code count} items in at least {@code minimum} equal ranges (fewer when there are fewer items), more where
     * a range would hold more than {@link #BYTES_PER_TASK} of items of {@code itemBytes}.
     */
    public static List<Range> split(long count, long itemBytes, int minimum) {
      long bySize = (count * Math.max(1, itemBytes) + BYTES_PER_TASK - 1) / BYTES_PER_TASK;
      long ranges = Math.max(1, Math.min(count, Math.max(minimum, bySize)));
      List<Range> out = new ArrayList<>();
      for (long i = 0; i < ranges; i++) {
        out.add(new Range(count * i / ranges, count * (i + 1) / ranges));
      }
      return out;
    }
  }

  /** The input's path, fully qualified, so that every executor reads the same file. */
  String location();

  /** For messages: what the input is and the shape of its items. */
  String describe();

  /** How many items it holds. */
  long count();

  InputItems items();

  /** The ranges that tasks read, in input order, covering every item once: at least {@code minimum} of them. */
  List<Range> ranges(int minimum);

  /** The items of one range; runs on an executor. */
  InputChunk read(Range range);

  /**
   * The input at {@code path}: a folder with a manifest.json is a prepared image folder, a file ending in .npz a
   * NumPy archive, any other file an IDX file.
   *
   * @param array the archive's array to read, or null for its first
   * @throws IllegalArgumentException in one line naming the path when it is none of them or does not exist
   */
  static PredictionInput open(String path, String array) {
    Path given = new Path(path);
    try {
      FileSystem fs = FileSystems.of(given);
      if (!fs.exists(given)) {
        throw new IllegalArgumentException("no input at " + path);
      }
      String location = fs.makeQualified(given).toString();
      boolean folder = fs.getFileStatus(given).isDirectory();
      if (array != null && (folder || !location.endsWith(".npz"))) {
        throw new IllegalArgumentException("array '" + array + "' was named, but " + path + " is not a .npz archive");
      }
      if (folder) {
        return ImageFolderInput.open(location);
      }
      return location.endsWith(".npz") ? NumpyInput.open(location, array) : IdxInput.open(location);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** The ids of items [from, to) of an input whose items have no names: their indices. */
  static String[] indices(Range range) {
    String[] ids = new String[range.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = Long.toString(range.from() + i);
    }
    return ids;
  }
}
