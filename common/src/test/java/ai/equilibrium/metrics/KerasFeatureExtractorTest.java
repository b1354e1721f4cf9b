package ai.equilibrium.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.equilibrium.data.SampleShape;
import ai.equilibrium.gan.FeatureExtractors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Imports the tiny Keras models submit-scripts/make-keras-test-model.py writes (a miniature Inception and a
 * Sequential model) and compares their features with the script's independent numpy forward pass.
 */
class KerasFeatureExtractorTest {
  private static final String SCRIPT = "submit-scripts/make-keras-test-model.py";
  private static final double TOLERANCE = 1e-4;
  /** The script's models take 16x16x3 images; the mini-Inception has 7 features, the Sequential model 4. */
  private static final int SIZE = 16;

  @TempDir
  static Path dir;
  private static Path inception;
  private static JsonNode inceptionExpected;
  private static Path sequential;
  private static JsonNode sequentialExpected;

  @BeforeAll
  static void writeModels() throws Exception {
    inception = dir.resolve("mini-inception.h5");
    inceptionExpected = writeModel(inception);
    sequential = dir.resolve("sequential.h5");
    sequentialExpected = writeModel(sequential, "--sequential");
  }

  @Test
  void featuresMatchTheNumpyForwardPassForEveryInputKind() {
    // rgb at the network's size, grayscale (replicated), 10x10 (upsampled), grayscale 23x23 (downsampled)
    KerasFeatureExtractor extractor = extractor(inception);
    assertEquals(7, extractor.dimension());
    assertEquals(4, inceptionExpected.get("cases").size());
    for (JsonNode c : inceptionExpected.get("cases")) {
      assertMatches(c, extractor);
    }
  }

  @Test
  void configChoosesAKerasExtractorWhoseIdNamesTheFileItsContentAndTheLayer() {
    var config = ai.equilibrium.config.ExperimentSchema.load(null, java.util.List.of("eval.extractor=keras",
        "eval.extractor-path=" + inception, "eval.feature-layer=avg_pool", "eval.input-size=" + SIZE));
    FeatureExtractor extractor = FeatureExtractors.of(config).orElseThrow();
    assertTrue(extractor.id().matches("keras-mini-inception@[0-9a-f]{12}/avg_pool"), extractor.id());
    assertEquals(7, extractor.dimension());
    var missing = ai.equilibrium.config.ExperimentSchema.load(null, java.util.List.of("eval.extractor=keras"));
    var e = assertThrows(ai.equilibrium.config.ConfigError.class,
        () -> FeatureExtractors.of(missing));
    assertEquals("eval.extractor-path", e.key());
  }

  @Test
  void sequentialModelsImportAsWell() {
    KerasFeatureExtractor extractor = extractor(sequential);
    assertEquals(4, extractor.dimension());
    for (JsonNode c : sequentialExpected.get("cases")) {
      assertMatches(c, extractor);
    }
  }

  @Test
  void aGrayscaleImageGivesTheFeaturesOfItsThreeChannelCopy() {
    KerasFeatureExtractor extractor = extractor(inception);
    INDArray gray = Nd4j.rand(DataType.FLOAT, 2, SIZE * SIZE).muli(2).subi(1);
    INDArray rgb = Nd4j.concat(1, gray, gray, gray);
    INDArray features = extractor.features(gray);
    assertArrayEquals(new long[] {2, 7}, features.shape());
    assertClose(extractor.features(rgb), features, 1e-6);
  }

  @Test
  void aConstantImageOfAnySizeGivesTheFeaturesOfTheConstantImageAtTheNetworksSize() {
    // Bilinear resizing keeps a constant image constant, whatever the sizes.
    KerasFeatureExtractor extractor = extractor(inception);
    INDArray native3 = Nd4j.valueArrayOf(new long[] {1, 3 * SIZE * SIZE}, 0.3f);
    INDArray expected = extractor.features(native3);
    assertClose(expected, extractor.features(Nd4j.valueArrayOf(new long[] {1, 3 * 7 * 7}, 0.3f)), 1e-6);
    assertClose(expected, extractor.features(Nd4j.valueArrayOf(new long[] {1, 40 * 40}, 0.3f)), 1e-6);
    INDArray wide = Nd4j.valueArrayOf(new long[] {1, 3 * 9 * 30}, 0.3f);
    assertClose(expected, extractor.forSamples(new SampleShape.Image(3, 9, 30)).features(wide), 1e-6);
    // ... and differs from another constant's, so the comparison above is not vacuous.
    INDArray other = extractor.features(Nd4j.valueArrayOf(new long[] {1, 3 * SIZE * SIZE}, -0.6f));
    assertTrue(expected.sub(other).norm2Number().doubleValue() > 1e-3);
  }

  @Test
  void imagesThatAreNotSquareNeedTheirShape() {
    KerasFeatureExtractor extractor = extractor(inception);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> extractor.features(Nd4j.zeros(DataType.FLOAT, 1, 3 * 9 * 30)));
    assertTrue(e.getMessage().contains("forSamples"), e.getMessage());
  }

  @Test
  void survivesJavaSerializationAndReimportsTheNetwork() throws Exception {
    KerasFeatureExtractor extractor = extractor(inception);
    JsonNode rgb = inceptionExpected.get("cases").get(0);
    INDArray before = extractor.features(samples(rgb));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(extractor);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      FeatureExtractor copy = (FeatureExtractor) in.readObject();
      assertEquals("mini-inception/avg_pool", copy.id());
      assertClose(before, copy.features(samples(rgb)), 0);
    }
  }

  @Test
  void acceptsFileUris() {
    KerasFeatureExtractor extractor = new KerasFeatureExtractor(inception.toUri().toString(), "avg_pool", SIZE,
        SIZE, 3, "mini-inception/avg_pool");
    assertMatches(inceptionExpected.get("cases").get(0), extractor);
  }

  @Test
  void aMissingFileIsNamed() {
    String missing = dir.resolve("no-such-model.h5").toString();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new KerasFeatureExtractor(missing, "avg_pool", SIZE, SIZE, 3, "x").dimension());
    assertTrue(e.getMessage().contains(missing), e.getMessage());
  }

  @Test
  void aFileThatIsNotHdf5IsNamed() throws IOException {
    Path text = dir.resolve("not-a-model.h5");
    Files.writeString(text, "PK this is not HDF5");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> extractor(text).dimension());
    assertTrue(e.getMessage().contains(text.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not an HDF5 file"), e.getMessage());
  }

  @Test
  void anUnknownLayerNameIsReportedWithTheFileAndItsLayers() {
    KerasFeatureExtractor extractor = new KerasFeatureExtractor(inception.toString(), "pool3", SIZE, SIZE, 3, "x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, extractor::dimension);
    assertTrue(e.getMessage().contains(inception.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("\"pool3\""), e.getMessage());
    assertTrue(e.getMessage().contains("mixed0") && e.getMessage().contains("avg_pool"), e.getMessage());
  }

  @Test
  void aLayerDl4jCannotImportIsReportedWithTheFileAndDl4jsMessage() throws Exception {
    Path model = dir.resolve("unsupported.h5");
    writeModel(model, "--unsupported-layer");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> extractor(model).dimension());
    assertTrue(e.getMessage().contains(model.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("Unsupported keras layer type Rescaling"), e.getMessage());
  }

  // ------------------------------------------------------------------------------------------------------

  private static KerasFeatureExtractor extractor(Path model) {
    return new KerasFeatureExtractor(model.toString(), "avg_pool", SIZE, SIZE, 3, "mini-inception/avg_pool");
  }

  private static void assertMatches(JsonNode c, FeatureExtractor extractor) {
    INDArray expected = matrix(c.get("features"));
    INDArray features = extractor.features(samples(c));
    assertArrayEquals(expected.shape(), features.shape(), c.get("name").asText());
    double error = features.castTo(DataType.DOUBLE).sub(expected).amaxNumber().doubleValue();
    assertTrue(error < TOLERANCE, c.get("name").asText() + ": max |DL4J - numpy| = " + error + "\nDL4J:  "
        + features + "\nnumpy: " + expected);
  }

  private static void assertClose(INDArray expected, INDArray actual, double tolerance) {
    assertArrayEquals(expected.shape(), actual.shape());
    double error = actual.castTo(DataType.DOUBLE).sub(expected.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    assertTrue(error <= tolerance, "max difference " + error + "\nexpected: " + expected + "\nactual:   " + actual);
  }

  private static INDArray samples(JsonNode c) {
    return matrix(c.get("samples")).castTo(DataType.FLOAT);
  }

  private static INDArray matrix(JsonNode rows) {
    double[][] values = new double[rows.size()][];
    for (int i = 0; i < values.length; i++) {
      JsonNode row = rows.get(i);
      values[i] = new double[row.size()];
      for (int j = 0; j < values[i].length; j++) {
        values[i][j] = row.get(j).asDouble();
      }
    }
    return Nd4j.createFromArray(values);
  }

  // ------------------------------------------------------------------------------------------------------
  // Running the script

  /** Writes the model and returns the expected features the script wrote beside it. */
  private static JsonNode writeModel(Path model, String... options) throws Exception {
    List<String> command = new ArrayList<>(List.of(python(), repositoryRoot().resolve(SCRIPT).toString(),
        model.toString()));
    command.addAll(List.of(options));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      fail(String.join(" ", command) + " failed:\n" + output);
    }
    Path expected = model.resolveSibling(model.getFileName().toString().replace(".h5", ".expected.json"));
    return new ObjectMapper().readTree(expected.toFile());
  }

  /**
   * A python3 with h5py and numpy: Debian's /usr/bin/python3 first (where python3-h5py installs), then the
   * python3 on the PATH. Fails, not skips, without one: CI installs the packages.
   */
  private static String python() throws InterruptedException {
    for (String candidate : List.of("/usr/bin/python3", "python3")) {
      try {
        Process p = new ProcessBuilder(candidate, "-c", "import h5py, numpy").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() == 0) {
          return candidate;
        }
      } catch (IOException notThere) {
        // try the next one
      }
    }
    return fail("the Keras import tests need python3 with h5py and numpy to write their test model: "
        + "apt-get install -y python3-h5py python3-numpy");
  }

  /** The system property equilibrium.repo.root, else the nearest directory up from here with submit-scripts/. */
  private static Path repositoryRoot() {
    String property = System.getProperty("equilibrium.repo.root");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve(SCRIPT))) {
        return d;
      }
    }
    return fail("cannot find " + SCRIPT + " above " + Path.of("").toAbsolutePath()
        + "; set -Dequilibrium.repo.root=<repository root>");
  }
}
