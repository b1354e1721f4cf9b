package ai.equilibrium.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
      String name = entry.getName().endsWith(".npy")
          ? entry.getName().substring(0, entry.getName().length() - 4) : entry.getName();
      arrays.put(name, npy(name, zip.readAllBytes(), where + " (" + entry.getName() + ")"));
    }
    if (arrays.isEmpty()) {
      throw new IllegalArgumentException(where + " is not a NumPy .npz archive (no arrays in it)");
    }
    return arrays;
  }

  /** Parses one .npy array (format 1.x or 2.x). */
  public static Array npy(String name, byte[] bytes, String where) {
    if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw new IllegalArgumentException(where + " is not a NumPy .npy array");
    }
    int major = bytes[6];
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = major == 1 ? in.getShort(8) & 0xFFFF : in.getInt(8);
    int start = major == 1 ? 10 : 12;
    String header = new String(bytes, start, headerLength, StandardCharsets.ISO_8859_1);
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
    Type type = Type.of(descr.group(1), where);
    int dataStart = start + headerLength;
    return new Array(name, type, dims, Arrays.copyOfRange(bytes, dataStart, bytes.length));
  }
}
