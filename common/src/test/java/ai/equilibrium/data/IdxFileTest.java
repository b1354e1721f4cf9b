package ai.equilibrium.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
  /** Three 2x2 images; includes 0x80 and 0xff to catch signed-byte mistakes. */
  private static final byte[] PIXELS = {
      0, 1, 2, 3,
      (byte) 0x80, (byte) 0xff, 10, 20,
      (byte) 200, 0, 0, 127};

  @TempDir
  Path dir;

  /** Big-endian IDX: magic, dimension sizes, data. */
  static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(magic);
      for (int d : dims) {
        out.writeInt(d);
      }
      out.write(data);
    }
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(plain);
    }
    return bytes.toByteArray();
  }

  private static IdxFile.Tensor read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return IdxFile.read(in, file.toString());
    }
  }

  private static void assertThreeImages(IdxFile.Tensor t) {
    assertArrayEquals(new int[] {3, 2, 2}, t.dimensions());
    assertEquals(3, t.count());
    assertEquals(4, t.itemSize());
    assertArrayEquals(PIXELS, t.data());
    assertEquals(255, t.data()[5] & 0xff);
  }

  @Test
  void readsAPlainFile() throws IOException {
    Path file = dir.resolve("images-idx3-ubyte");
    Files.write(file, idx(0x00000803, new int[] {3, 2, 2}, PIXELS));
    assertThreeImages(read(file));
  }

  @Test
  void readsAGzippedFile() throws IOException {
    Path file = dir.resolve("images-idx3-ubyte.gz");
    Files.write(file, gzip(idx(0x00000803, new int[] {3, 2, 2}, PIXELS)));
    assertThreeImages(read(file));
  }

  @Test
  void readsARangeOfItemsPlainOrGzipped() throws IOException {
    byte[] plain = idx(0x00000803, new int[] {3, 2, 2}, PIXELS);
    for (byte[] bytes : new byte[][] {plain, gzip(plain)}) {
      IdxFile.Tensor middle = IdxFile.read(new ByteArrayInputStream(bytes), "images", 1, 3);
      assertArrayEquals(new int[] {2, 2, 2}, middle.dimensions());
      assertArrayEquals(Arrays.copyOfRange(PIXELS, 4, 12), middle.data());
      assertEquals(0, IdxFile.read(new ByteArrayInputStream(bytes), "images", 3, 3).count());
    }
    assertThrows(IllegalArgumentException.class, () -> IdxFile.read(new ByteArrayInputStream(plain), "images",
        2, 4));
  }

  @Test
  void readsALabelFile() throws IOException {
    Path file = dir.resolve("labels-idx1-ubyte");
    Files.write(file, idx(0x00000801, new int[] {4}, new byte[] {9, 0, 3, 7}));
    IdxFile.Tensor t = read(file);
    assertArrayEquals(new int[] {4}, t.dimensions());
    assertEquals(1, t.itemSize());
    assertArrayEquals(new byte[] {9, 0, 3, 7}, t.data());
  }

  @Test
  void truncatedFileNamesTheFile() throws IOException {
    byte[] whole = idx(0x00000803, new int[] {3, 2, 2}, PIXELS);
    Path file = dir.resolve("short-idx3-ubyte");
    Files.write(file, Arrays.copyOf(whole, whole.length - 3));
    IOException e = assertThrows(IOException.class, () -> read(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());

    Path header = dir.resolve("header-only-idx3-ubyte");
    Files.write(header, Arrays.copyOf(whole, 6));
    IOException e2 = assertThrows(IOException.class, () -> read(header));
    assertTrue(e2.getMessage().contains(header.toString()), e2.getMessage());
  }

  @Test
  void truncatedGzippedFileNamesTheFile() throws IOException {
    byte[] whole = idx(0x00000803, new int[] {3, 2, 2}, PIXELS);
    Path file = dir.resolve("short-idx3-ubyte.gz");
    Files.write(file, gzip(Arrays.copyOf(whole, whole.length - 3)));
    IOException e = assertThrows(IOException.class, () -> read(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void wrongMagicNamesTheFile() throws IOException {
    for (int magic : new int[] {0x00000903, 0x01000803, 0x00000800, 0x08030000}) {
      Path file = dir.resolve("bad-" + Integer.toHexString(magic));
      Files.write(file, idx(magic, new int[] {3, 2, 2}, PIXELS));
      IOException e = assertThrows(IOException.class, () -> read(file), Integer.toHexString(magic));
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
  }
}
