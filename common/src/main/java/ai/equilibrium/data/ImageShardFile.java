package ai.equilibrium.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One shard of prepared images: a header, then per image its name, split, attributes (-1, 0 unknown, 1) and
 * uint8 pixels, planar (the layout of an NCHW sample), so that a reader scales bytes straight into rows.
 *
 * <pre>
 * "EQIMGSH1" | count, channels, height, width, attributes (int32 each)
 * per image:   name (UTF-8, uint16 length) | split (byte) | attributes (bytes) | pixels (channels*height*width bytes)
 * </pre>
 */
public final class ImageShardFile {
  private static final byte[] MAGIC = "EQIMGSH1".getBytes(StandardCharsets.US_ASCII);
  private static final int BUFFER = 1 << 16;

  private ImageShardFile() {}

  /** The shape every image of a shard has. */
  public record Header(int count, int channels, int height, int width, int attributes) {
    public int pixels() {
      return channels * height * width;
    }
  }

  /** One prepared image. */
  public record Record(String name, ImageSplit split, byte[] attributes, byte[] pixels) {}

  public static void write(OutputStream target, Header header, Iterable<Record> records) throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(target, BUFFER));
    out.write(MAGIC);
    out.writeInt(header.count());
    out.writeInt(header.channels());
    out.writeInt(header.height());
    out.writeInt(header.width());
    out.writeInt(header.attributes());
    int written = 0;
    for (Record r : records) {
      if (r.pixels().length != header.pixels() || r.attributes().length != header.attributes()) {
        throw new IllegalArgumentException(r.name() + " has " + r.pixels().length + " pixels and "
            + r.attributes().length + " attributes, the shard " + header);
      }
      out.writeUTF(r.name());
      out.writeByte(r.split().ordinal());
      out.write(r.attributes());
      out.write(r.pixels());
      written++;
    }
    if (written != header.count()) {
      throw new IllegalArgumentException(written + " records for a header of " + header.count());
    }
    out.flush();
  }

  /**
   * Reads a shard, handing each record to {@code sink} in order.
   *
   * @param origin names the file in errors
   */
  public static Header read(InputStream source, String origin, Consumer<Record> sink) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(source, BUFFER));
    try {
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new IOException(origin + " is not a prepared image shard (it does not start with "
            + new String(MAGIC, StandardCharsets.US_ASCII) + ")");
      }
      Header header = new Header(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt());
      for (int i = 0; i < header.count(); i++) {
        String name = in.readUTF();
        int split = in.readUnsignedByte();
        byte[] attributes = new byte[header.attributes()];
        in.readFully(attributes);
        byte[] pixels = new byte[header.pixels()];
        in.readFully(pixels);
        sink.accept(new Record(name, ImageSplit.ofCode(split), attributes, pixels));
      }
      return header;
    } catch (EOFException e) {
      throw new IOException(origin + " ends early: the shard is truncated (prepare it again)", e);
    }
  }
}
