package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.backend.ProcessorKind;
import ai.equilibrium.checkpoint.CheckpointFormat;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.data.DataLocations;
import ai.equilibrium.data.DataUnavailableException;
import ai.equilibrium.data.FashionMnistSource;
import ai.equilibrium.experiment.Provenance;
import ai.equilibrium.step.Player;
import ai.equilibrium.train.PlayerCheckpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/** TrainJob end to end on local[2]: the whole run directory is written and readable without Equilibrium. */
class TrainJobSmokeIT {
  private static final String FASHION = DataLocations.fashionMnist() + "/" + FashionMnistSource.TRAIN_IMAGES;
  private static final List<String> METRIC_FIELDS = List.of("step", "loss_adversary", "loss_main", "d_real", "d_fake",
      "ema_adversary_loss", "ideal_adversary_loss", "lr_multiplier", "lr_adversary", "lr_main", "ms_per_step");
  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("smoke").set("spark.ui.enabled", "false"));
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @Test
  void ringRunWritesTheWholeRunDirectory(@TempDir Path runs) throws Exception {
    ExperimentConfig config = ExperimentSchema.load(repoFile("conf/ring-mlp.conf"), List.of("run.steps=20",
        "run.sample-every=10", "run.output-dir=" + runs, "data.mixture-samples=5000", "run.progress-every=5"));
    TrainJob.run(config, sc);
    Path run = runs.resolve("ring-mlp");

    String resolved = Files.readString(run.resolve("config.conf"));
    assertTrue(resolved.contains("gaussian-ring") && resolved.contains("batch-size"), resolved);
    assertEquals(config, ExperimentSchema.load(run.resolve("config.conf").toString(), List.of()),
        "the resolved config reproduces the experiment");

    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertEquals(20, lines.size());
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < lines.size(); i++) {
      JsonNode row = json.readTree(lines.get(i));
      assertEquals(i + 1, row.get("step").asInt());
      for (String field : METRIC_FIELDS) {
        assertTrue(row.hasNonNull(field), "metrics.jsonl line " + (i + 1) + " lacks " + field);
      }
      assertTrue(Double.isFinite(row.get("loss_adversary").asDouble()));
    }

    for (int step : new int[] {10, 20}) {
      BufferedImage png = ImageIO.read(run.resolve("samples/step-" + step + ".png").toFile());
      assertNotNull(png, "samples/step-" + step + ".png is a PNG");
    }

    List<String> evaluations = Files.readAllLines(run.resolve("eval.jsonl"));
    assertEquals(2, evaluations.size(), "mode coverage at step 10 and at the end");
    JsonNode last = json.readTree(evaluations.get(1));
    assertEquals(20, last.get("step").asInt());
    assertEquals(8, last.get("modes").asInt());
    assertTrue(last.get("modes_covered").asInt() >= 0 && last.get("high_quality_fraction").asDouble() >= 0);
    assertEquals("[\"" + ProcessorKind.current() + "\"]", last.get("computed_on").toString(),
        "the scores name the processors that computed them");

    Path checkpoint = run.resolve("checkpoints/step-20");
    MultiLayerNetwork generator = ModelSerializer.restoreMultiLayerNetwork(checkpoint.resolve("generator.zip").toFile());
    MultiLayerNetwork adversary = ModelSerializer.restoreMultiLayerNetwork(checkpoint.resolve("adversary.zip").toFile());
    assertArrayEquals(new long[] {3, 2}, generator.output(Nd4j.rand(3, 16)).shape(), "generator maps z=16 to points");
    assertArrayEquals(new long[] {3, 1}, adversary.output(Nd4j.rand(3, 2)).shape(), "adversary gives one logit");
    JsonNode provenance = json.readTree(checkpoint.resolve("manifest.json").toFile()).get("provenance");
    assertEquals(json.readTree(run.resolve(Provenance.FILE).toFile()), provenance, "the checkpoint's provenance is the run's");
    assertTrue(provenance.get("data_hash").asText().matches("[0-9a-f]{64}"), provenance.toString());
    assertEquals("SparkBlockBackend", provenance.get("gradient_backend").asText(), provenance.toString()); // auto, local[2]
    for (String file : java.util.Arrays.stream(Player.values()).map(CheckpointFormat::playerFile).toList()) {
      try (var in = Files.newInputStream(checkpoint.resolve(file))) {
        PlayerCheckpoint state = CheckpointFormat.readPlayer(in, file);
        assertTrue(state.parameters().length > 0 && state.optimizerState().length > 0, file + " holds Adam's moments");
      }
    }
    assertTrue(noTemporaryFiles(run), "no temporary files left behind");
  }

  @Test
  void fashionMnistDcganRunsItsDefaultConfig(@TempDir Path runs) throws Exception {
    assertTrue(new File(FASHION).isFile(), "Fashion-MNIST missing: apt-get install -y dataset-fashion-mnist "
        + "(.ci/run installs it)");
    ExperimentConfig config = ExperimentSchema.load(repoFile("conf/fashion-mnist-dcgan.conf"), List.of("run.steps=2",
        "run.output-dir=" + runs, "train.batch-size=8", "run.sample-count=4", "eval.samples=100",
        "eval.extractor-path=" + repoFile("models/fashion-mnist-classifier-v1.zip")));
    TrainJob.run(config, sc);
    Path run = runs.resolve("fashion-mnist-dcgan");
    assertEquals(2, Files.readAllLines(run.resolve("metrics.jsonl")).size());
    BufferedImage grid = ImageIO.read(run.resolve("samples/step-2.png").toFile());
    assertTrue(grid.getWidth() > 2 * 28 && grid.getHeight() > 2 * 28, "a 2x2 grid of 28x28 images");
    MultiLayerNetwork generator = ModelSerializer.restoreMultiLayerNetwork(
        run.resolve("checkpoints/step-2/generator.zip").toFile());
    assertArrayEquals(new long[] {2, 1, 28, 28}, generator.output(Nd4j.rand(2, 100)).shape());

    List<String> evaluations = Files.readAllLines(run.resolve("eval.jsonl"));
    assertEquals(1, evaluations.size(), "FID, KID and precision/recall at the end");
    JsonNode scores = new ObjectMapper().readTree(evaluations.get(0));
    assertTrue(scores.get("extractor").asText().startsWith("fashion-mnist-classifier-v1@"), scores.toString());
    assertTrue(scores.get("fid").asDouble() > 0 && scores.get("precision").asDouble() >= 0, scores.toString());
    assertEquals(100, scores.get("samples").asInt());
    JsonNode best = new ObjectMapper().readTree(run.resolve("best.json").toFile());
    assertEquals(2, best.get("step").asInt());
    assertTrue(Files.exists(run.resolve("checkpoints/best/generator.zip")), "the best checkpoint");
    assertTrue(Files.readString(run.resolve("report.html")).contains("Evaluation: fid"), "report.html plots FID");
  }

  @Test
  void aMissingDataSetFailsBeforeTrainingAndSaysWhereToGetIt(@TempDir Path runs) {
    ExperimentConfig config = ExperimentSchema.load(repoFile("conf/fashion-mnist-mlp.conf"), List.of(
        "data.path=" + runs.resolve("no-such-dir"), "run.output-dir=" + runs, "run.steps=2",
        "eval.extractor-path=" + repoFile("models/fashion-mnist-classifier-v1.zip")));
    DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> TrainJob.run(config, sc));
    assertTrue(e.getMessage().contains(runs.resolve("no-such-dir").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("apt-get install -y dataset-fashion-mnist"), e.getMessage());
    assertFalse(Files.exists(runs.resolve("fashion-mnist-mlp/metrics.jsonl")), "no metrics from a run that never started");
  }

  private static String repoFile(String relative) {
    return Path.of(System.getProperty("equilibrium.repo.root", ".."), relative).toString();
  }

  private static boolean noTemporaryFiles(Path run) throws Exception {
    List<Path> temporary = new ArrayList<>();
    try (var files = Files.walk(run)) {
      files.filter(p -> p.getFileName().toString().endsWith(".tmp")).forEach(temporary::add);
    }
    return temporary.isEmpty();
  }
}
