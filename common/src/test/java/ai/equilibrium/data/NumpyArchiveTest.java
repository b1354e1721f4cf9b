package ai.equilibrium.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Against files numpy 2.4 wrote (np.save, np.savez, np.savez_compressed; src/test/resources/numpy). */
class NumpyArchiveTest {
  private static final float[] PROBS = {0.25f, 0.75f, 1f, 0f, 0.5f, 0.5f};

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = NumpyArchiveTest.class.getResourceAsStream("/numpy/" + name)) {
      return in.readAllBytes();
    }
  }

  private static Map<String, NumpyArchive.Array> archive(String name) throws IOException {
    return NumpyArchive.read(new ByteArrayInputStream(resource(name)), name);
  }

  @Test
  void readsWhatNumpyWritesStoredOrCompressed() throws IOException {
    for (String file : List.of("stored.npz", "compressed.npz")) {
      Map<String, NumpyArchive.Array> arrays = archive(file);
      assertEquals(List.of("images", "probs", "ids", "x64", "i32"), List.copyOf(arrays.keySet()), file);
      NumpyArchive.Array images = arrays.get("images");
      assertEquals(NumpyArchive.Type.UINT8, images.type());
      assertArrayEquals(new long[] {2, 3, 4, 1}, images.shape());
      assertEquals(23f, images.floats()[23]);
      assertArrayEquals(PROBS, arrays.get("probs").floats());
      assertArrayEquals(new long[] {7, -1, 1L << 40}, arrays.get("ids").longs());
      assertArrayEquals(new float[] {1.5f, -2.25f}, arrays.get("x64").floats());
      assertArrayEquals(new long[] {1, 2, 3, -4}, arrays.get("i32").longs());
    }
  }

  @Test
  void headersAndRangesOfRowsStreamWithoutReadingTheRest() throws IOException {
    for (String file : List.of("stored.npz", "compressed.npz")) {
      List<NumpyArchive.Header> headers = NumpyArchive.headers(new ByteArrayInputStream(resource(file)), file);
      assertEquals(List.of("images", "probs", "ids", "x64", "i32"), headers.stream().map(NumpyArchive.Header::name)
          .toList());
      NumpyArchive.Header images = headers.get(0);
      assertEquals("uint8 [2, 3, 4, 1]", images.describe());
      assertEquals(12, images.rowBytes());
      NumpyArchive.Array probs = NumpyArchive.rows(new ByteArrayInputStream(resource(file)), "probs", 1, 3, file);
      assertArrayEquals(new long[] {2, 2}, probs.shape());
      assertArrayEquals(Arrays.copyOfRange(PROBS, 2, 6), probs.floats());
      NumpyArchive.Array second = NumpyArchive.rows(new ByteArrayInputStream(resource(file)), "images", 1, 2, file);
      assertEquals(12f, second.floats()[0]);
      IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
          () -> NumpyArchive.rows(new ByteArrayInputStream(resource(file)), "nothing", 0, 1, file));
      assertTrue(missing.getMessage().contains(file + " has no array 'nothing'"), missing.getMessage());
    }
  }

  @Test
  void writesTheBytesNumpyWrites() throws IOException {
    assertArrayEquals(resource("probs.npy"), NumpyArchive.npy(NumpyArchive.Array.float32("probs", PROBS, 3, 2)));
    NumpyArchive.Array ids = NumpyArchive.Array.int64("ids", new long[] {7, -1, 1L << 40}, 3);
    assertArrayEquals(ids.data(), archive("stored.npz").get("ids").data());
    assertEquals("(3,)", new String(NumpyArchive.npy(ids)).replaceAll("(?s).*'shape': (\\(3,\\)).*", "$1"));
  }

  @Test
  void anArchiveReadsBackAndTheSameArraysGiveTheSameBytes() throws IOException {
    List<NumpyArchive.Array> arrays = List.of(NumpyArchive.Array.uint8("images", new byte[] {1, 2, 3, (byte) 255}, 1, 2, 2, 1),
        NumpyArchive.Array.float32("probs", PROBS, 3, 2));
    byte[] first = write(arrays);
    assertArrayEquals(first, write(arrays), "no time of writing in the archive");
    Map<String, NumpyArchive.Array> back = NumpyArchive.read(new ByteArrayInputStream(first), "written");
    assertEquals(255f, back.get("images").floats()[3]);
    assertArrayEquals(PROBS, back.get("probs").floats());
  }

  @Test
  void whatItCannotReadIsNamed() {
    IllegalArgumentException fortran = assertThrows(IllegalArgumentException.class, () -> archive("fortran.npz"));
    assertTrue(fortran.getMessage().contains("fortran.npz (f.npy) is in Fortran order"), fortran.getMessage());
    IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> archive("bigendian.npz"));
    assertTrue(big.getMessage().contains("bigendian.npz (b.npy): element type '>f4'"), big.getMessage());
    IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
        () -> NumpyArchive.read(new ByteArrayInputStream("not a zip".getBytes()), "plain.txt"));
    assertTrue(plain.getMessage().contains("plain.txt is not a NumPy .npz archive"), plain.getMessage());
  }

  private static byte[] write(List<NumpyArchive.Array> arrays) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NumpyArchive.write(out, arrays);
    return out.toByteArray();
  }
}
