package ai.equilibrium.jobs;

import ai.equilibrium.data.FashionMnistSource;
import ai.equilibrium.metrics.ClassifierFeatureExtractor;
import ai.equilibrium.metrics.FeatureClassifier;
import ai.equilibrium.report.RunDirectory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Trains the default feature classifier of Fashion-MNIST on its training split, reports its test accuracy,
 * and saves it (ModelSerializer zip) with a JSON description beside it. FID, KID and precision/recall of
 * Fashion-MNIST runs use its penultimate layer.
 *
 * <p>usage: TrainFeatureClassifierJob [--data DIR] [--epochs N] [--out PATH]
 */
public final class TrainFeatureClassifierJob {
  /** Where runs look for the classifier unless eval.extractor-path says otherwise. */
  public static final String DEFAULT_OUTPUT = "models/fashion-mnist-classifier-v" + FeatureClassifier.VERSION + ".zip";

  private TrainFeatureClassifierJob() {}

  public static void main(String[] args) throws IOException {
    String data = FashionMnistSource.DEFAULT_DIRECTORY;
    String out = DEFAULT_OUTPUT;
    int epochs = 10;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = value(args, ++i);
        case "--out" -> out = value(args, ++i);
        case "--epochs" -> epochs = Integer.parseInt(value(args, ++i));
        default -> {
          System.err.println("usage: TrainFeatureClassifierJob [--data DIR] [--epochs N] [--out PATH]");
          System.exit(2);
        }
      }
    }
    long start = System.nanoTime();
    FashionMnistSource.LabelledImages train = new FashionMnistSource(data, FashionMnistSource.Split.TRAIN).loadLabelled();
    FashionMnistSource.LabelledImages test = new FashionMnistSource(data, FashionMnistSource.Split.TEST).loadLabelled();
    FeatureClassifier.Trained trained = FeatureClassifier.train(train, test, epochs);
    double seconds = (System.nanoTime() - start) / 1e9;

    ByteArrayOutputStream model = new ByteArrayOutputStream();
    ModelSerializer.writeModel(trained.network(), model, false);
    int slash = out.lastIndexOf('/');
    RunDirectory dir = new RunDirectory(slash < 0 ? "." : out.substring(0, slash));
    String file = out.substring(slash + 1);
    dir.writeAtomically(file, o -> o.write(model.toByteArray()));
    ClassifierFeatureExtractor extractor = ClassifierFeatureExtractor.load(out, name());

    Map<String, Object> description = new LinkedHashMap<>();
    description.put("extractor_id", extractor.id());
    description.put("data", "fashion-mnist");
    description.put("version", FeatureClassifier.VERSION);
    description.put("architecture", "784-512-256-10 relu, softmax; features: the 256-unit layer");
    description.put("epochs", epochs);
    description.put("train_samples", train.labels().length);
    description.put("test_samples", test.labels().length);
    description.put("test_accuracy", trained.testAccuracy());
    description.put("training_seconds", seconds);
    String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(description);
    dir.writeText(file.replaceAll("\\.zip$", "") + ".json", json + "\n");
    System.out.printf("equilibrium: feature classifier %s, test accuracy %.4f (%d epochs, %.0f s), saved to %s%n",
        extractor.id(), trained.testAccuracy(), epochs, seconds, dir.location() + "/" + file);
  }

  /** The extractor name of the default classifier, without its content digest. */
  public static String name() {
    return "fashion-mnist-classifier-v" + FeatureClassifier.VERSION;
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
