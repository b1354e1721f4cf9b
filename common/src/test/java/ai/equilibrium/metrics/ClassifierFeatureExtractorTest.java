package ai.equilibrium.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.data.DataLocations;
import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.FashionMnistSource;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The default feature classifier learns Fashion-MNIST (one short epoch on a tenth of the training split
 * already classifies most of the test split), and the extractor built from its saved file returns its
 * penultimate layer under an id that names the file's content.
 */
class ClassifierFeatureExtractorTest {
  private static final String FASHION = DataLocations.fashionMnist();

  @Test
  void classifierLearnsAndTheExtractorReturnsItsPenultimateLayer(@TempDir Path dir) throws Exception {
    assertTrue(new File(FASHION, "train-labels-idx1-ubyte.gz").isFile(),
        "Fashion-MNIST missing: apt-get install -y dataset-fashion-mnist (.ci/run installs it)");
    FashionMnistSource.LabelledImages train = subset(
        new FashionMnistSource(FASHION, FashionMnistSource.Split.TRAIN).loadLabelled(), 6000);
    FashionMnistSource.LabelledImages test = subset(
        new FashionMnistSource(FASHION, FashionMnistSource.Split.TEST).loadLabelled(), 2000);
    FeatureClassifier.Trained trained = FeatureClassifier.train(train, test, 1);
    assertTrue(trained.testAccuracy() > 0.7, "test accuracy " + trained.testAccuracy());

    File file = dir.resolve("classifier.zip").toFile();
    ModelSerializer.writeModel(trained.network(), file, false);
    ClassifierFeatureExtractor extractor = ClassifierFeatureExtractor.load(file.toString(), "fashion-mnist-classifier-v1");
    assertTrue(extractor.id().matches("fashion-mnist-classifier-v1@[0-9a-f]{12}"), extractor.id());
    assertEquals(FeatureClassifier.FEATURES, extractor.dimension());

    INDArray images = test.images().rows(new int[] {0, 1, 2, 3, 4}, DataType.FLOAT);
    INDArray features = extractor.features(images);
    assertArrayEquals(new long[] {5, FeatureClassifier.FEATURES}, features.shape());
    MultiLayerNetwork reference = trained.network();
    INDArray hidden = reference.feedForward(images, false).get(2); // input, 512 units, 256 units, classes
    assertArrayEquals(hidden.toFloatMatrix()[3], features.toFloatMatrix()[3], 1e-6f);

    ClassifierFeatureExtractor again = ClassifierFeatureExtractor.load(file.toString(), "fashion-mnist-classifier-v1");
    assertEquals(extractor.id(), again.id(), "the id is a function of the file");

    // What an executor receives: the serialized extractor, without access to the driver's file.
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(again);
    }
    assertTrue(file.delete());
    FeatureExtractor shipped;
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
        new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      shipped = (FeatureExtractor) in.readObject();
    }
    assertArrayEquals(features.toFloatMatrix()[2], shipped.features(images).toFloatMatrix()[2], 1e-6f);
  }

  @Test
  void missingOrForeignFilesAreNamed(@TempDir Path dir) throws Exception {
    String missing = dir.resolve("none.zip").toString();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClassifierFeatureExtractor.load(missing, "x"));
    assertTrue(e.getMessage().contains(missing) && e.getMessage().contains("train-feature-classifier"), e.getMessage());
    Path text = Files.writeString(dir.resolve("notes.zip"), "not a model");
    IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
        () -> ClassifierFeatureExtractor.load(text.toString(), "x"));
    assertTrue(foreign.getMessage().contains(text.toString()), foreign.getMessage());
  }

  private static FashionMnistSource.LabelledImages subset(FashionMnistSource.LabelledImages all, int n) {
    int d = all.images().dimension();
    float[] values = new float[n * d];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        values[i * d + j] = all.images().value(i, j);
      }
      labels[i] = all.labels()[i];
    }
    return new FashionMnistSource.LabelledImages(new DataShard(d, values), labels);
  }
}
