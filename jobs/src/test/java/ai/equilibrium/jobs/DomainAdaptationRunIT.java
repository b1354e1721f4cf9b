package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * conf/dann-moons.conf end to end, shortened: TrainJob --in-process writes the run directory (metrics with the
 * game's diagnostics, eval.jsonl with both domains' scores, report.html, the three networks as plain DL4J
 * models), and EvaluateJob on Spark scores the final checkpoint exactly as training's last evaluation did.
 */
class DomainAdaptationRunIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aShortDannRunWritesItsRunDirectoryAndEvaluatesTheSameFromItsCheckpoint(@TempDir Path runs) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = TrainJob.run(new String[] {"--config", repoFile("conf/dann-moons.conf"), "--in-process",
        "run.steps=60", "eval.every=30", "run.output-dir=" + runs, "run.progress-every=0"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
    Path run = runs.resolve("dann-moons");

    List<String> metrics = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertEquals(60, metrics.size());
    JsonNode last = JSON.readTree(metrics.get(59));
    for (String field : List.of("loss_adversary", "loss_main", "task_loss", "source_accuracy", "domain_accuracy",
        "ema_adversary_loss", "lr_multiplier")) {
      assertTrue(last.hasNonNull(field), "metrics.jsonl lacks " + field);
    }
    assertEquals(Math.log(4), last.get("ideal_adversary_loss").asDouble(), 1e-15, "V* of the sum of two domain means");

    List<String> evaluations = Files.readAllLines(run.resolve("eval.jsonl"));
    assertEquals(2, evaluations.size(), "steps 30 and 60");
    JsonNode scored = JSON.readTree(evaluations.get(1));
    assertEquals(60, scored.get("step").asInt());
    assertTrue(Files.readString(run.resolve("report.html")).contains("alt=\"Evaluation: accuracy\""));

    // The three networks load with plain DL4J and compute the label classifier's logits of a target point.
    Path models = run.resolve("checkpoints/step-60");
    MultiLayerNetwork features = ModelSerializer.restoreMultiLayerNetwork(models.resolve("features.zip").toFile());
    MultiLayerNetwork classifier = ModelSerializer.restoreMultiLayerNetwork(models.resolve("classifier.zip").toFile());
    MultiLayerNetwork domain = ModelSerializer.restoreMultiLayerNetwork(models.resolve("domain-classifier.zip").toFile());
    INDArray point = Nd4j.createFromArray(new float[][] {{0.5f, 0.25f}});
    assertEquals(2, classifier.output(features.output(point)).length());
    assertEquals(1, domain.output(features.output(point)).length());

    Map<String, Object> evaluated = EvaluateJob.scoreRun(run.toString(), "step-60", List.of());
    for (String score : List.of("source_accuracy", "target_accuracy", "source_loss", "domain_accuracy", "domain_loss")) {
      assertEquals(scored.get(score).asDouble(), ((Number) evaluated.get(score)).doubleValue(), 0.0,
          score + " from the checkpoint against training's evaluation");
    }
  }

  private static String repoFile(String relative) {
    return Path.of(System.getProperty("equilibrium.repo.root", ".."), relative).toString();
  }
}
