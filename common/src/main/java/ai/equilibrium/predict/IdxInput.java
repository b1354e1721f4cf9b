package ai.equilibrium.predict;

import ai.equilibrium.data.DataUnavailableException;
import ai.equilibrium.data.IdxFile;
import ai.equilibrium.storage.FileSystems;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * An IDX file of 8-bit images, gzip-compressed or not, as MNIST and Fashion-MNIST ship them: [n, height, width]
 * (grey) or [n, height, width, channels]. Items are named by their index.
 */
public record IdxInput(String location, int[] dimensions) implements PredictionInput {
  private static final long serialVersionUID = 1L;

  /** Reads the header only. */
  static IdxInput open(String file) {
    Path path = new Path(file);
    try (InputStream in = FileSystems.of(path).open(path)) {
      return new IdxInput(file, IdxFile.dimensions(in, file));
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " is not a prepared image folder, a .npz archive or an IDX file: "
          + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "the IDX file " + location + " (uint8 " + Arrays.toString(dimensions) + ")";
  }

  @Override
  public long count() {
    return dimensions[0];
  }

  @Override
  public InputItems items() {
    return switch (dimensions.length) {
      case 3 -> new InputItems.Pixels(1, dimensions[1], dimensions[2], true);
      case 4 -> new InputItems.Pixels(dimensions[3], dimensions[1], dimensions[2], true);
      default -> new InputItems.Unusable("predict reads IDX images, [n, height, width] or [n, height, width, channels]");
    };
  }

  @Override
  public List<Range> ranges(int minimum) {
    long itemBytes = Arrays.stream(dimensions).skip(1).asLongStream().reduce(1, Math::multiplyExact);
    return Range.split(count(), itemBytes, minimum);
  }

  @Override
  public InputChunk read(Range range) {
    Path path = new Path(location);
    try (InputStream in = FileSystems.of(path).open(path)) {
      IdxFile.Tensor tensor = IdxFile.read(in, location, (int) range.from(), (int) range.to());
      return InputChunk.ofPixels(PredictionInput.indices(range), tensor.data());
    } catch (IOException e) {
      throw new DataUnavailableException("cannot read " + location + ": " + e.getMessage(), e);
    }
  }
}
