package ai.equilibrium.predict;

import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.tensor.HostArrays;
import java.io.Serializable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How an input's items become the rows a model takes, preprocessed as its training data were: 8-bit pixels scaled
 * to [-1, 1] as every image source scales them ({@link DataShard#scaled}), laid out channels-first, and a grey image
 * copied to every channel of a model of colour images (as MNIST to MNIST-M shows its source digits); rows of
 * numbers taken as they are.
 *
 * @param source for each value of a row, the offset of its pixel within the item (null for rows of numbers)
 */
public record RowConversion(int dimension, int[] source) implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The conversion of {@code input}'s items to {@code model}'s rows.
   *
   * @param modelName names the model in the message
   * @throws IllegalArgumentException in one line naming the input and both shapes when the items do not fit
   */
  public static RowConversion of(PredictionInput input, SampleShape model, String modelName) {
    InputItems items = input.items();
    int dimension = model.dimension();
    if (items instanceof InputItems.Values values && values.dimension() == dimension) {
      return new RowConversion(dimension, null);
    }
    if (items instanceof InputItems.Pixels pixels) {
      if (model instanceof SampleShape.Image image && pixels.height() == image.height()
          && pixels.width() == image.width() && (pixels.channels() == image.channels() || pixels.channels() == 1)) {
        return new RowConversion(dimension, offsets(pixels, image.channels()));
      }
      if (model instanceof SampleShape.Point && pixels.channels() * pixels.height() * pixels.width() == dimension) {
        return new RowConversion(dimension, offsets(pixels, pixels.channels()));
      }
    }
    String why = items instanceof InputItems.Unusable unusable ? "; " + unusable.reason() : "";
    throw new IllegalArgumentException(input.describe() + " does not fit the model " + modelName + ", which takes "
        + takes(model) + why);
  }

  /** The rows of the chunk's items [from, to), [to - from, dimension], in {@code precision}. */
  public INDArray rows(InputChunk chunk, int from, int to, DataType precision) {
    int n = to - from;
    float[] out = new float[Math.multiplyExact(n, dimension)];
    if (source == null) {
      System.arraycopy(chunk.values(), from * dimension, out, 0, out.length);
    } else {
      int itemSize = chunk.pixels().length / chunk.size();
      for (int r = 0; r < n; r++) {
        int item = (from + r) * itemSize;
        for (int k = 0; k < dimension; k++) {
          out[r * dimension + k] = DataShard.scaled(chunk.pixels()[item + source[k]]);
        }
      }
    }
    INDArray rows = HostArrays.fromFloats(out, n, dimension);
    return precision == DataType.FLOAT ? rows : rows.castTo(precision);
  }

  /** For value k = c H W + y W + x of a channels-first row of {@code channels}, the offset of its pixel in an item. */
  private static int[] offsets(InputItems.Pixels pixels, int channels) {
    int height = pixels.height();
    int width = pixels.width();
    int[] offsets = new int[channels * height * width];
    for (int c = 0; c < channels; c++) {
      int from = pixels.channels() == 1 ? 0 : c; // grey: the one channel for every channel
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          offsets[(c * height + y) * width + x] = pixels.channelsLast()
              ? (y * width + x) * pixels.channels() + from : (from * height + y) * width + x;
        }
      }
    }
    return offsets;
  }

  /** What a model takes, in the terms of the inputs. */
  static String takes(SampleShape model) {
    if (model instanceof SampleShape.Image image) {
      int h = image.height();
      int w = image.width();
      return "images of " + h + "x" + w + " with " + image.channels() + " channel(s): uint8 [n, " + h + ", " + w
          + (image.channels() == 1 ? "]" : ", " + image.channels() + "] or grey [n, " + h + ", " + w + "]")
          + ", or rows [n, " + image.dimension() + "] already scaled to [-1, 1], channels first";
    }
    return "rows of " + model.dimension() + " numbers, [n, " + model.dimension() + "]";
  }
}
