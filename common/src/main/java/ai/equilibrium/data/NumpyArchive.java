package ai.equilibrium.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz} archives (a zip of {@code .npy} arrays, format 1.0, C order, little-endian), as
 * {@code numpy.savez} writes and {@code numpy.load} reads them: what Python tools (clean-fid, torch-fidelity,
 * scikit-learn) exchange images, features and predictions in. Written without timestamps that vary, so the same
 * arrays give the same bytes.
 */
public final class NumpyArchive {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
  /** 1980-01-01, zip's first representable time: entries carry no time of writing. */
  private static final long ENTRY_TIME = 315532800000L;

  private NumpyArchive() {}

  /** The element types this project reads and writes. */
  public enum Type {
    UINT8("|u1", 1), INT32("<i4", 4), INT64("<i8", 8), FLOAT32("<f4", 4), FLOAT64("<f8", 8);

    final String descr;
    final int bytes;

    Type(String descr, int bytes) {
      this.descr = descr;
      this.bytes = bytes;
    }

    static Type of(String descr, String where) {
      String plain = descr.replace("<u1", "|u1").replace("|i1", "|u1");
      for (Type t : values()) {
        if (t.descr.equals(plain)) {
          return t;
        }
      }
      throw new IllegalArgumentException(where + ": element type '" + descr + "' is not one of uint8, int32, int64, "
          + "float32, float64 in little-endian order");
    }
  }

  /** One named array: its type, shape (row-major) and little-endian element bytes. */
  public record Array(String name, Type type, long[] shape, byte[] data) {
    public Array {
      long elements = Arrays.stream(shape).reduce(1, Math::multiplyExact);
      if (elements * type.bytes != data.length) {
        throw new IllegalArgumentException(name + ": " + data.length + " bytes do not hold shape "
            + Arrays.toString(shape) + " of " + type);
      }
    }

    public static Array uint8(String name, byte[] values, long... shape) {
      return new Array(name, Type.UINT8, shape, values.clone());
    }

    public static Array int64(String name, long[] values, long... shape) {
      ByteBuffer buffer = buffer(values.length * 8L);
      buffer.asLongBuffer().put(values);
      return new Array(name, Type.INT64, shape, buffer.array());
    }

    public static Array float32(String name, float[] values, long... shape) {
      ByteBuffer buffer = buffer(values.length * 4L);
      buffer.asFloatBuffer().put(values);
      return new Array(name, Type.FLOAT32, shape, buffer.array());
    }

    public long elements() {
      return data.length / type.bytes;
    }

    /** The elements as floats, whatever their type (float64 rounded, integers converted). */
    public float[] floats() {
      ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
      float[] out = new float[Math.toIntExact(elements())];
      for (int i = 0; i < out.length; i++) {
        out[i] = switch (type) {
          case UINT8 -> data[i] & 0xFF;
          case INT32 -> in.getInt(i * 4);
          case INT64 -> in.getLong(i * 8);
          case FLOAT32 -> in.getFloat(i * 4);
          case FLOAT64 -> (float) in.getDouble(i * 8);
        };
      }
      return out;
    }

    /** The elements as longs; only integer types. */
    public long[] longs() {
      ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
      long[] out = new long[Math.toIntExact(elements())];
      for (int i = 0; i < out.length; i++) {
        out[i] = switch (type) {
          case UINT8 -> data[i] & 0xFF;
          case INT32 -> in.getInt(i * 4);
          case INT64 -> in.getLong(i * 8);
          case FLOAT32, FLOAT64 -> throw new IllegalArgumentException(name + " holds " + type + ", not integers");
        };
      }
      return out;
    }

    private static ByteBuffer buffer(long bytes) {
      return ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }
  }

  /** Writes {@code arrays} as an .npz archive (entries NAME.npy, uncompressed as numpy.savez writes them). */
  public static void write(OutputStream out, List<Array> arrays) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    for (Array array : arrays) {
      ZipEntry entry = new ZipEntry(array.name() + ".npy");
      entry.setTime(ENTRY_TIME);
      zip.putNextEntry(entry);
      zip.write(npy(array));
      zip.closeEntry();
    }
    zip.finish();
  }

  /** One array in .npy format 1.0. */
  public static byte[] npy(Array array) {
    StringBuilder shape = new StringBuilder();
    for (long d : array.shape()) {
      shape.append(d).append(", ");
    }
    String dims = array.shape().length == 1 ? shape.substring(0, shape.length() - 1)
        : shape.length() > 0 ? shape.substring(0, shape.length() - 2) : "";
    String header = "{'descr': '" + array.type().descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
    int unpadded = MAGIC.length + 2 + 2 + header.length() + 1;
    int padded = (unpadded + 63) / 64 * 64; // NumPy aligns the data to 64 bytes
    header = header + " ".repeat(padded - unpadded) + "\n";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(padded + array.data().length);
    bytes.writeBytes(MAGIC);
    bytes.write(1);
    bytes.write(0);
    bytes.write(header.length() & 0xFF);
    bytes.write(header.length() >>> 8);
    bytes.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
    bytes.writeBytes(array.data());
    return bytes.toByteArray();
  }

  /**
   * Reads every array of an .npz archive (stored or compressed), by name without ".npy".
   *
   * @param where names the file in errors
   */
  public static Map<String, Array> read(InputStream in, String where) throws IOException {
    Map<String, Array> arrays = new LinkedHashMap<>();
    ZipInputStream zip = new ZipInputStream(in);
    for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
      String name = arrayName(entry);
      arrays.put(name, npy(name, zip.readAllBytes(), where + " (" + entry.getName() + ")"));
    }
    if (arrays.isEmpty()) {
      throw new IllegalArgumentException(where + " is not a NumPy .npz archive (no arrays in it)");
    }
    return arrays;
  }

  /** Parses one .npy array (format 1.x or 2.x). */
  public static Array npy(String name, byte[] bytes, String where) {
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    Header header = header(name, in, where);
    return new Array(name, header.type(), header.shape(), in.readAllBytes());
  }

  /**
   * What a .npy array's header says.
   *
   * @param shape row-major, outermost first; empty for a scalar
   */
  public record Header(String name, Type type, long[] shape) implements Serializable {
    /** The outermost dimension: a scalar is one row. */
    public long rows() {
      return shape.length == 0 ? 1 : shape[0];
    }

    /** Bytes per row: the element size times every dimension but the outermost. */
    public long rowBytes() {
      return Arrays.stream(shape).skip(1).reduce((long) type.bytes, Math::multiplyExact);
    }

    /** For messages: for example "uint8 [60000, 28, 28]". */
    public String describe() {
      return type.name().toLowerCase(Locale.ROOT) + " " + Arrays.toString(shape);
    }
  }

  /**
   * Every array's header, in archive order, without holding any array's data.
   *
   * @param where names the file in errors
   */
  public static List<Header> headers(InputStream in, String where) throws IOException {
    List<Header> headers = new ArrayList<>();
    ZipInputStream zip = new ZipInputStream(in);
    for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
      headers.add(header(arrayName(entry), zip, where + " (" + entry.getName() + ")"));
    }
    if (headers.isEmpty()) {
      throw new IllegalArgumentException(where + " is not a NumPy .npz archive (no arrays in it)");
    }
    return headers;
  }

  /**
   * Rows [from, to) of one array of an .npz archive, streamed: the rows before are skipped, nothing else is held.
   *
   * @param where names the file in errors
   */
  public static Array rows(InputStream in, String name, long from, long to, String where) throws IOException {
    ZipInputStream zip = new ZipInputStream(in);
    for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
      if (!arrayName(entry).equals(name)) {
        continue;
      }
      Header header = header(name, zip, where + " (" + entry.getName() + ")");
      if (from < 0 || from > to || to > header.rows() || header.shape().length == 0) {
        throw new IllegalArgumentException(where + ": no rows " + from + " to " + to + " in " + name + ", "
            + header.describe());
      }
      zip.skipNBytes(from * header.rowBytes());
      byte[] data = zip.readNBytes(Math.toIntExact((to - from) * header.rowBytes()));
      if (data.length != (to - from) * header.rowBytes()) {
        throw new IOException(where + " ends inside " + name + ": the archive is truncated");
      }
      long[] shape = header.shape().clone();
      shape[0] = to - from;
      return new Array(name, header.type(), shape, data);
    }
    throw new IllegalArgumentException(where + " has no array '" + name + "'");
  }

  private static String arrayName(ZipEntry entry) {
    String name = entry.getName();
    return name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
  }

  /** Reads a .npy header, leaving {@code in} at the array's first element. */
  private static Header header(String name, InputStream in, String where) {
    String header;
    try {
      byte[] start = in.readNBytes(MAGIC.length + 2);
      if (start.length < MAGIC.length + 2 || !Arrays.equals(Arrays.copyOf(start, MAGIC.length), MAGIC)) {
        throw new IllegalArgumentException(where + " is not a NumPy .npy array");
      }
      int major = start[MAGIC.length];
      byte[] length = in.readNBytes(major == 1 ? 2 : 4);
      ByteBuffer lengthBytes = ByteBuffer.wrap(Arrays.copyOf(length, 4)).order(ByteOrder.LITTLE_ENDIAN);
      int headerLength = lengthBytes.getInt(0);
      byte[] text = in.readNBytes(headerLength);
      if (length.length < (major == 1 ? 2 : 4) || text.length < headerLength) {
        throw new IllegalArgumentException(where + " is not a NumPy .npy array (its header is cut short)");
      }
      header = new String(text, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalArgumentException(where + " cannot be read: " + e.getMessage(), e);
    }
    Matcher descr = DESCR.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    Matcher shape = SHAPE.matcher(header);
    if (!descr.find() || !fortran.find() || !shape.find()) {
      throw new IllegalArgumentException(where + ": unreadable .npy header " + header.trim());
    }
    if (fortran.group(1).equals("True")) {
      throw new IllegalArgumentException(where + " is in Fortran order; save it with numpy.ascontiguousarray");
    }
    long[] dims = Arrays.stream(shape.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .mapToLong(Long::parseLong).toArray();
    return new Header(name, Type.of(descr.group(1), where), dims);
  }
}
