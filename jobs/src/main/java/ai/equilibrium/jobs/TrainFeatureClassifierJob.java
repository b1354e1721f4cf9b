package ai.equilibrium.jobs;

import ai.equilibrium.data.DataLocations;
import ai.equilibrium.data.FashionMnistSource;
import ai.equilibrium.gan.FeatureExtractors;
import ai.equilibrium.metrics.AttributeClassifier;
import ai.equilibrium.metrics.ClassifierFeatureExtractor;
import ai.equilibrium.metrics.FeatureClassifier;
import ai.equilibrium.metrics.ModelFiles;
import ai.equilibrium.storage.RunDirectory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Trains a feature classifier, reports its held-out accuracy, and saves it (ModelSerializer zip) with a JSON
 * description beside it; FID, KID and precision/recall use its penultimate layer.
 *
 * <ul>
 *   <li>{@code TrainFeatureClassifierJob [--data DIR] [--epochs N] [--out PATH]}: Fashion-MNIST's classifier
 *       (version 1, trained in this JVM, so that its file and every FID computed with it stay reproducible);
 *   <li>{@code TrainFeatureClassifierJob --images PREPARED [--epochs N] [--out PATH] [--master M]}: the attribute
 *       classifier of a prepared image folder (CelebA), trained on Spark with DL4J's parameter averaging, saved by
 *       default where runs on that folder look for it, beside the data: {@code FOLDER/models/attributes-v1-<manifest
 *       hash>.zip}.
 * </ul>
 */
public final class TrainFeatureClassifierJob {
  /** Where runs look for the classifier unless eval.extractor-path says otherwise. */
  public static final String DEFAULT_OUTPUT = "models/fashion-mnist-classifier-v" + FeatureClassifier.VERSION + ".zip";

  private TrainFeatureClassifierJob() {}

  static final JobMain.Spec SPEC = new JobMain.Spec("usage: train-feature-classifier [--data DIR | --images "
      + "PREPARED_FOLDER [--master M]] [--epochs N] [--out PATH]", Set.of("data", "images", "master", "out", "epochs"),
      Set.of(), TrainFeatureClassifierJob::run);

  public static void main(String[] args) {
    JobMain.main(args, SPEC);
  }

  private static ExitStatus run(JobArguments args, PrintStream out) throws IOException {
    if (!args.positionals().isEmpty() || !args.assignments().isEmpty()) {
      throw new IllegalArgumentException("unexpected arguments " + args.positionals() + args.assignments());
    }
    Optional<String> images = args.option("images");
    if (images.isPresent()) {
      trainAttributes(images.get(), args.option("master").orElse("local[*]"), args.intOption("epochs").orElse(5),
          args.option("out").orElse(null));
    } else {
      trainFashionMnist(args.option("data").orElse(DataLocations.fashionMnist()),
          args.intOption("epochs").orElse(10), args.option("out").orElse(DEFAULT_OUTPUT));
    }
    return ExitStatus.OK;
  }

  private static void trainFashionMnist(String data, int epochs, String out) throws IOException {
    long start = System.nanoTime();
    FashionMnistSource.LabelledImages train = new FashionMnistSource(data, FashionMnistSource.Split.TRAIN).loadLabelled();
    FashionMnistSource.LabelledImages test = new FashionMnistSource(data, FashionMnistSource.Split.TEST).loadLabelled();
    FeatureClassifier.Trained trained = FeatureClassifier.train(train, test, epochs);
    double seconds = (System.nanoTime() - start) / 1e9;

    String file = save(trained.network(), out);
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
    writeDescription(out, file, description);
    System.out.printf("equilibrium: feature classifier %s, test accuracy %.4f (%d epochs, %.0f s), saved to %s%n",
        extractor.id(), trained.testAccuracy(), epochs, seconds, out);
  }

  /** Trains the attribute classifier of a prepared folder on Spark and saves it with its description. */
  static String trainAttributes(String folder, String master, int epochs, String requestedOut) throws IOException {
    long start = System.nanoTime();
    AttributeClassifierTraining.Trained trained;
    try (var sc = SparkSessions.create(master, Map.of(), "equilibrium-train-attribute-classifier")) {
      trained = AttributeClassifierTraining.train(sc, folder, epochs);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String name = AttributeClassifier.name(trained.manifest().contentHash());
    String out = requestedOut != null ? requestedOut
        : FeatureExtractors.attributeClassifierPath(folder, trained.manifest().contentHash());
    String file = save(trained.network(), out);
    ClassifierFeatureExtractor extractor = ClassifierFeatureExtractor.load(out, ModelFiles.baseName(out));
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("extractor_id", extractor.id());
    description.put("data", folder);
    description.put("data_manifest_hash", trained.manifest().contentHash());
    description.put("version", AttributeClassifier.VERSION);
    description.put("architecture", "conv 4x4/2 32-64-128-256 lrelu 0.2, dense 256 relu (the features), "
        + trained.manifest().attributes().size() + " sigmoids, binary cross-entropy");
    description.put("attributes", trained.manifest().attributes());
    description.put("training", "DL4J Spark parameter averaging, master " + master);
    description.put("epochs", epochs);
    description.put("train_images", trained.trainImages());
    description.put("test_images", trained.testImages());
    description.put("test_mean_attribute_accuracy", trained.testAccuracy());
    description.put("training_seconds", seconds);
    writeDescription(out, file, description);
    System.out.printf("equilibrium: attribute classifier %s, mean test attribute accuracy %.4f (%d epochs, %.0f s), "
        + "saved to %s%n", extractor.id(), trained.testAccuracy(), epochs, seconds, out);
    return out;
  }

  /** Writes the model atomically to {@code out}; returns its file name. */
  private static String save(org.deeplearning4j.nn.multilayer.MultiLayerNetwork network, String out)
      throws IOException {
    ByteArrayOutputStream model = new ByteArrayOutputStream();
    ModelSerializer.writeModel(network, model, false);
    int slash = out.lastIndexOf('/');
    RunDirectory dir = new RunDirectory(slash < 0 ? "." : out.substring(0, slash));
    String file = out.substring(slash + 1);
    dir.writeAtomically(file, o -> o.write(model.toByteArray()));
    return file;
  }

  private static void writeDescription(String out, String file, Map<String, Object> description) throws IOException {
    int slash = out.lastIndexOf('/');
    RunDirectory dir = new RunDirectory(slash < 0 ? "." : out.substring(0, slash));
    String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(description);
    dir.writeText(file.replaceAll("\\.zip$", "") + ".json", json + "\n");
  }

  /** The extractor name of the default classifier, without its content digest. */
  public static String name() {
    return "fashion-mnist-classifier-v" + FeatureClassifier.VERSION;
  }
}
