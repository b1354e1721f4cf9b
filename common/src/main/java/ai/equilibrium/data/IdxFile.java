package ai.equilibrium.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reader of the IDX format of MNIST and Fashion-MNIST (LeCun et al.): a big-endian header (two zero bytes,
 * the element type 0x08 for unsigned bytes, the number of dimensions), the dimension sizes, then the data.
 * Gzip-compressed files are recognised by their magic bytes.
 */
public final class IdxFile {

  /**
   * The unsigned-byte tensor of an IDX file.
   *
   * @param dimensions the sizes, outermost first (images: count, rows, columns)
   * @param data       the values, row-major, as unsigned bytes stored in a byte[]
   */
  public record Tensor(int[] dimensions, byte[] data) {
    public int count() {
      return dimensions[0];
    }

    /** Number of values per item (rows * columns for images, 1 for labels). */
    public int itemSize() {
      int size = 1;
      for (int i = 1; i < dimensions.length; i++) {
        size *= dimensions[i];
      }
      return size;
    }
  }

  private IdxFile() {}

  /**
   * Reads an IDX tensor of unsigned bytes.
   *
   * @param in   the file's bytes, gzip-compressed or not; closed by the caller
   * @param name the file's name for error messages
   */
  public static Tensor read(InputStream in, String name) throws IOException {
    DataInputStream data = new DataInputStream(uncompressed(in));
    try {
      int[] dims = dimensions(data, name);
      long total = 1;
      for (int d : dims) {
        total *= d;
      }
      if (total > Integer.MAX_VALUE - 8) {
        throw new IOException(name + ": " + total + " values are too many for one array");
      }
      byte[] values = new byte[(int) total];
      data.readFully(values);
      return new Tensor(dims, values);
    } catch (EOFException e) {
      throw new IOException(name + " is truncated", e);
    }
  }

  /**
   * Items [from, to) of an IDX tensor of unsigned bytes, the items before skipped without being held.
   *
   * @param in   the file's bytes, gzip-compressed or not; closed by the caller
   * @param name the file's name for error messages
   */
  public static Tensor read(InputStream in, String name, int from, int to) throws IOException {
    DataInputStream data = new DataInputStream(uncompressed(in));
    try {
      int[] dims = dimensions(data, name);
      if (from < 0 || from > to || to > dims[0]) {
        throw new IllegalArgumentException(name + ": no items " + from + " to " + to + " of " + dims[0]);
      }
      long itemSize = 1;
      for (int i = 1; i < dims.length; i++) {
        itemSize *= dims[i];
      }
      if ((to - from) * itemSize > Integer.MAX_VALUE - 8) {
        throw new IOException(name + ": " + (to - from) + " items of " + itemSize + " values are too many for one "
            + "array");
      }
      data.skipNBytes(from * itemSize);
      byte[] values = new byte[(int) ((to - from) * itemSize)];
      data.readFully(values);
      int[] range = dims.clone();
      range[0] = to - from;
      return new Tensor(range, values);
    } catch (EOFException e) {
      throw new IOException(name + " is truncated", e);
    }
  }

  /** The tensor's dimensions, from its header alone. */
  public static int[] dimensions(InputStream in, String name) throws IOException {
    try {
      return dimensions(new DataInputStream(uncompressed(in)), name);
    } catch (EOFException e) {
      throw new IOException(name + " is truncated", e);
    }
  }

  private static InputStream uncompressed(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    return (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(buffered, 1 << 16) : buffered;
  }

  private static int[] dimensions(DataInputStream data, String name) throws IOException {
    int magic = data.readInt();
    int type = (magic >>> 8) & 0xff;
    int rank = magic & 0xff;
    if ((magic >>> 16) != 0 || type != 0x08 || rank < 1 || rank > 4) {
      throw new IOException(name + " is not an IDX file of unsigned bytes (magic 0x" + Integer.toHexString(magic) + ")");
    }
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = data.readInt();
      if (dims[i] < 0) {
        throw new IOException(name + ": negative dimension " + dims[i]);
      }
    }
    return dims;
  }
}
