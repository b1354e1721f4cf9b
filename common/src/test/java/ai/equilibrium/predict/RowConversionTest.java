package ai.equilibrium.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.NumpyArchive;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.tensor.HostArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Inputs become the rows a model was trained on: scaled, channels first, grey copied to colour, or refused. */
class RowConversionTest {
  private static final String[] IDS = {"0", "1"};

  private static NumpyInput archive(NumpyArchive.Type type, long... shape) {
    return new NumpyInput("file:/in/x.npz", new NumpyArchive.Header("x", type, shape));
  }

  private static byte[] counting(int n) {
    byte[] pixels = new byte[n];
    for (int i = 0; i < n; i++) {
      pixels[i] = (byte) (i * 7 + 200);
    }
    return pixels;
  }

  @Test
  void colourImagesAreScaledAndLaidOutChannelsFirst() {
    byte[] pixels = counting(2 * 2 * 3 * 3); // [2, 2, 3, 3]: n, height, width, channels
    RowConversion conversion = RowConversion.of(archive(NumpyArchive.Type.UINT8, 2, 2, 3, 3),
        new SampleShape.Image(3, 2, 3), "m");
    float[] rows = HostArrays.toFloats(conversion.rows(InputChunk.ofPixels(IDS, pixels), 0, 2, DataType.FLOAT));
    for (int n = 0; n < 2; n++) {
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < 2; y++) {
          for (int x = 0; x < 3; x++) {
            assertEquals(DataShard.scaled(pixels[n * 18 + (y * 3 + x) * 3 + c]), rows[n * 18 + (c * 2 + y) * 3 + x]);
          }
        }
      }
    }
  }

  @Test
  void aGreyImageFillsEveryChannelOfAColourModel() {
    byte[] pixels = counting(2 * 4);
    RowConversion conversion = RowConversion.of(archive(NumpyArchive.Type.UINT8, 2, 2, 2),
        new SampleShape.Image(3, 2, 2), "m");
    float[] second = HostArrays.toFloats(conversion.rows(InputChunk.ofPixels(IDS, pixels), 1, 2, DataType.DOUBLE));
    for (int c = 0; c < 3; c++) {
      for (int p = 0; p < 4; p++) {
        assertEquals(DataShard.scaled(pixels[4 + p]), second[c * 4 + p]);
      }
    }
  }

  @Test
  void rowsOfNumbersAreTakenAsTheyAreAndImagesFlattenForADenseModel() {
    float[] values = {0.5f, -3f, 7f, 1e-8f};
    RowConversion rows = RowConversion.of(archive(NumpyArchive.Type.FLOAT64, 2, 2), new SampleShape.Point(2), "m");
    assertArrayEquals(values, HostArrays.toFloats(rows.rows(InputChunk.ofValues(IDS, values), 0, 2, DataType.FLOAT)));
    RowConversion flat = RowConversion.of(archive(NumpyArchive.Type.UINT8, 2, 2, 2), new SampleShape.Point(4), "m");
    assertEquals(-1f, HostArrays.toFloats(flat.rows(InputChunk.ofPixels(IDS, new byte[8]), 0, 2, DataType.FLOAT))[7]);
  }

  @Test
  void whatDoesNotFitIsOneLineNamingTheFileAndBothShapes() {
    IllegalArgumentException wide = assertThrows(IllegalArgumentException.class, () -> RowConversion.of(
        archive(NumpyArchive.Type.FLOAT32, 5, 3), new SampleShape.Point(2), "dann-moons (checkpoints/step-40)"));
    assertEquals("file:/in/x.npz, array 'x' (float32 [5, 3]) does not fit the model dann-moons (checkpoints/step-40), "
        + "which takes rows of 2 numbers, [n, 2]", wide.getMessage());
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> RowConversion.of(
        archive(NumpyArchive.Type.UINT8, 5, 32, 32, 3), new SampleShape.Image(3, 28, 28), "m"));
    assertEquals("file:/in/x.npz, array 'x' (uint8 [5, 32, 32, 3]) does not fit the model m, which takes images of "
        + "28x28 with 3 channel(s): uint8 [n, 28, 28, 3] or grey [n, 28, 28], or rows [n, 2352] already scaled to "
        + "[-1, 1], channels first", size.getMessage());
    IllegalArgumentException labels = assertThrows(IllegalArgumentException.class, () -> RowConversion.of(
        archive(NumpyArchive.Type.INT64, 5), new SampleShape.Point(1), "m"));
    assertEquals("file:/in/x.npz, array 'x' (int64 [5]) does not fit the model m, which takes rows of 1 numbers, "
        + "[n, 1]; predict reads uint8 images, [n, height, width] or [n, height, width, channels], or rows of "
        + "numbers, [n, d]", labels.getMessage());
  }
}
