package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.ImageShardManifest;
import ai.equilibrium.data.ImageShardSource;
import ai.equilibrium.data.ImageSplit;
import ai.equilibrium.gan.FeatureExtractors;
import ai.equilibrium.metrics.AttributeClassifier;
import ai.equilibrium.metrics.ClassifierFeatureExtractor;
import ai.equilibrium.metrics.FeatureMoments;
import ai.equilibrium.metrics.FrechetDistance;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The face feature extractor on a folder of drawn "faces" whose four attributes are visible (a light background,
 * a smile, glasses, a dark fringe), prepared and trained on Spark local[2] with DL4J's parameter averaging, as
 * CelebA's would be: the classifier learns the attributes, is found where runs look for it, and its features give
 * an FID that grows as held-out images are corrupted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttributeClassifierIT {
  private static final int IMAGES = 720;
  private static final List<String> ATTRIBUTES = List.of("Light_Background", "Smiling", "Eyeglasses", "Dark_Fringe");

  @TempDir
  static Path dir;
  Path prepared;
  String model;

  @BeforeAll
  void prepareAndTrain() throws IOException {
    Path images = Files.createDirectories(dir.resolve("faces/img"));
    Random random = new Random(11);
    StringBuilder attributes = new StringBuilder(IMAGES + "\n" + String.join(" ", ATTRIBUTES) + "\n");
    StringBuilder splits = new StringBuilder();
    for (int i = 0; i < IMAGES; i++) {
      boolean[] on = new boolean[ATTRIBUTES.size()];
      for (int a = 0; a < on.length; a++) {
        on[a] = random.nextBoolean();
      }
      String name = String.format("%06d.png", i);
      ImageIO.write(face(on, random), "png", images.resolve(name).toFile());
      attributes.append(name);
      for (boolean b : on) {
        attributes.append(b ? "  1" : " -1");
      }
      attributes.append('\n');
      splits.append(name).append(i % 6 == 0 ? " 2\n" : " 0\n");
    }
    Files.writeString(dir.resolve("faces/list_attr_celeba.txt"), attributes);
    Files.writeString(dir.resolve("faces/list_eval_partition.txt"), splits);
    prepared = dir.resolve("prepared");
    PrepareDataJob.run(ai.equilibrium.prepare.PreparationFiles.load(images.toString(), prepared.toString(),
        List.of("spark.master=local[2]", "prepare.images-per-shard=200", "prepare.progress-seconds=0")),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    model = TrainFeatureClassifierJob.trainAttributes(prepared.toString(), "local[2]", 4,
        dir.resolve("models/faces.zip").toString());
  }

  /** A 64x64 "face": skin-coloured oval on a background, with each attribute drawn when on. */
  private static BufferedImage face(boolean[] on, Random random) {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    int shade = random.nextInt(40);
    g.setColor(on[0] ? new Color(200 + shade, 200 + shade, 210) : new Color(30 + shade, 40, 60 + shade));
    g.fillRect(0, 0, 64, 64);
    int dx = random.nextInt(7) - 3;
    int dy = random.nextInt(7) - 3;
    g.setColor(new Color(220, 170 + random.nextInt(30), 140));
    g.fillOval(14 + dx, 8 + dy, 36, 48);
    g.setColor(Color.BLACK);
    g.fillOval(24 + dx, 24 + dy, 4, 4);
    g.fillOval(36 + dx, 24 + dy, 4, 4);
    if (on[1]) {
      g.drawArc(24 + dx, 36 + dy, 16, 10, 180, 180);
    } else {
      g.drawLine(25 + dx, 42 + dy, 39 + dx, 42 + dy);
    }
    if (on[2]) {
      g.drawRect(21 + dx, 21 + dy, 9, 9);
      g.drawRect(33 + dx, 21 + dy, 9, 9);
      g.drawLine(30 + dx, 25 + dy, 33 + dx, 25 + dy);
    }
    if (on[3]) {
      g.setColor(new Color(40, 25, 10));
      g.fillRect(14 + dx, 6 + dy, 36, 12);
    }
    g.dispose();
    return image;
  }

  @Test
  void theClassifierLearnsTheAttributesAndIsNamedByItsData() throws IOException {
    JsonNode description = new ObjectMapper().readTree(dir.resolve("models/faces.json").toFile());
    ImageShardManifest manifest = ImageShardManifest.read(prepared.toString());
    assertEquals(manifest.contentHash(), description.get("data_manifest_hash").asText());
    System.out.println("AttributeClassifierIT: " + description);
    assertTrue(description.get("test_mean_attribute_accuracy").asDouble() > 0.9, description.toString());
    assertEquals(IMAGES / 6, description.get("test_images").asInt());

    // runs on the folder look for it beside the data, under the data's name, unless told otherwise
    var config = ExperimentSchema.load(null, List.of("data.source=image-shards", "data.path=" + prepared,
        "model.architecture=dcgan-64"));
    assertEquals(prepared.resolve("models/" + AttributeClassifier.name(manifest.contentHash()) + ".zip").toUri()
        .toString(), FeatureExtractors.classifierPath(config));
    var explicit = ExperimentSchema.load(null, List.of("data.source=image-shards", "data.path=" + prepared,
        "model.architecture=dcgan-64", "eval.extractor-path=" + model));
    assertTrue(FeatureExtractors.of(explicit).orElseThrow().id().startsWith("faces@"));
  }

  @Test
  void fidUnderTheFaceFeaturesGrowsWithTheStrengthOfPixelNoise() {
    ClassifierFeatureExtractor extractor = ClassifierFeatureExtractor.load(model, "faces");
    FeatureMoments real = FeatureMoments.of(extractor.features(all(
        new ImageShardSource(prepared.toString(), ImageSplit.TRAIN).loadShard(0, 1))));
    INDArray test = all(new ImageShardSource(prepared.toString(), ImageSplit.TEST).loadShard(0, 1));
    List<Double> fids = new ArrayList<>();
    for (double sigma : new double[] {0, 0.1, 0.25, 0.5, 1.0}) {
      SplittableRandom random = new SplittableRandom(3);
      double[] noise = new double[(int) test.length()];
      for (int i = 0; i < noise.length; i++) {
        noise[i] = sigma * random.nextGaussian();
      }
      INDArray corrupted = Transforms.min(Transforms.max(test.add(
          Nd4j.createFromArray(noise).reshape(test.shape()).castTo(DataType.FLOAT)), -1), 1);
      fids.add(FrechetDistance.between(real, FeatureMoments.of(extractor.features(corrupted))));
    }
    System.out.println("AttributeClassifierIT: FID of held-out faces at noise 0, 0.1, 0.25, 0.5, 1: " + fids);
    for (int k = 1; k < fids.size(); k++) {
      assertTrue(fids.get(k) > fids.get(k - 1), "FID against noise strength: " + fids);
    }
    assertTrue(fids.get(0) < 0.2 * fids.get(fids.size() - 1), "clean held-out faces are close: " + fids);
  }

  @Test
  void theCelebaConfigTrainsOnThePreparedFolderAndWritesTheWholeRunDirectory() throws Exception {
    Path runs = dir.resolve("runs");
    var config = ExperimentSchema.load(Path.of(System.getProperty("equilibrium.repo.root", ".."),
        "conf/celeba-dcgan64.conf").toString(), List.of("data.path=" + prepared, "run.steps=2", "train.batch-size=8",
        "run.sample-every=1", "run.sample-count=16", "eval.samples=100", "eval.extractor-path=" + model,
        "run.output-dir=" + runs, "spark.master=local[2]"));
    try (var sc = new org.apache.spark.api.java.JavaSparkContext(new org.apache.spark.SparkConf().setMaster("local[2]")
        .setAppName("celeba-smoke").set("spark.ui.enabled", "false"))) {
      TrainJob.run(config, sc);
    }
    Path run = runs.resolve("celeba-dcgan64");
    assertEquals(2, Files.readAllLines(run.resolve("metrics.jsonl")).size());
    BufferedImage grid = ImageIO.read(run.resolve("samples/step-2.png").toFile());
    assertTrue(grid.getColorModel().getNumColorComponents() == 3, "RGB sample grid");
    boolean coloured = false;
    for (int y = 0; y < grid.getHeight() && !coloured; y += 3) {
      for (int x = 0; x < grid.getWidth() && !coloured; x += 3) {
        int p = grid.getRGB(x, y);
        coloured = ((p >> 16) & 0xff) != (p & 0xff);
      }
    }
    assertTrue(coloured, "the grid's samples have colour");
    JsonNode eval = new ObjectMapper().readTree(Files.readAllLines(run.resolve("eval.jsonl")).get(0));
    assertTrue(eval.get("fid").isNumber() && eval.get("extractor").asText().startsWith("faces@"), eval.toString());
    for (String file : List.of("report.html", "config.conf", "checkpoints/step-2", "checkpoints/step-0")) {
      assertTrue(Files.exists(run.resolve(file)), file);
    }
  }

  private static INDArray all(DataShard shard) {
    int[] rows = new int[shard.size()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i;
    }
    return shard.rows(rows, DataType.FLOAT);
  }
}
