package ai.equilibrium.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.backend.GradientBackend;
import ai.equilibrium.backend.LocalBackend;
import ai.equilibrium.checkpoint.Checkpointer;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.data.DataShard;
import ai.equilibrium.gan.GanGame;
import ai.equilibrium.gan.GanNetworks;
import ai.equilibrium.step.Player;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.step.StepRequest;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.tensor.ParameterSet;
import ai.equilibrium.train.TrainingDiverged;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The divergence guard on a real run: a non-finite gradient injected at step 15 is never applied; training goes
 * back to the last good checkpoint (step 10) with both learning rates halved, records the rollback in
 * metrics.jsonl and completes. When every retry diverges again, the run stops once the rollback budget is spent,
 * naming the last good checkpoint, with the run directory intact.
 */
class DivergenceRollbackTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long POISONED_STEP = 15; // 1-based, as in metrics.jsonl

  /** The in-process backend, with a NaN in the adversary's gradient at one step, the first {@code times} times. */
  private static final class PoisoningBackend implements GradientBackend {
    private final LocalBackend<GanGame, GanNetworks, DataShard> inner;
    private int remaining;

    PoisoningBackend(LocalBackend<GanGame, GanNetworks, DataShard> inner, int times) {
      this.inner = inner;
      this.remaining = times;
    }

    @Override
    public ShardResult compute(StepRequest request, Map<Player, ParameterSet> parameters) {
      ShardResult result = inner.compute(request, parameters);
      if (request.step() + 1 == POISONED_STEP && request.updates().contains(Player.ADVERSARY) && remaining > 0) {
        remaining--;
        var gradient = result.gradientSum(ai.equilibrium.step.GradientTerm.own(Player.ADVERSARY));
        double[] nan = new double[gradient.length()];
        nan[nan.length / 2] = Double.NaN;
        gradient.addInPlace(ai.equilibrium.tensor.NumericVector.of(nan, gradient.precision()));
      }
      return result;
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  private static TrainingRun<GanGame, GanNetworks, DataShard> run(Path dir, String name, String... more) {
    List<String> overrides = new ArrayList<>(ResumeTest.ringOverrides(dir, name));
    overrides.addAll(List.of("guard.lr-factor=0.5", "guard.max-rollbacks=2"));
    overrides.addAll(List.of(more));
    @SuppressWarnings("unchecked")
    TrainingRun<GanGame, GanNetworks, DataShard> run = (TrainingRun<GanGame, GanNetworks, DataShard>)
        TrainingRun.start(ExperimentSchema.load(null, overrides), new PrintStream(PrintStream.nullOutputStream()));
    return run;
  }

  private static List<JsonNode> metrics(Path run) throws Exception {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      rows.add(JSON.readTree(line));
    }
    return rows;
  }

  @Test
  void aNonFiniteGradientRollsBackToTheLastGoodCheckpointWithLowerRatesAndTheRunCompletes(@TempDir Path dir)
      throws Exception {
    TrainingRun<GanGame, GanNetworks, DataShard> training = run(dir, "poisoned-once");
    try (PoisoningBackend backend = new PoisoningBackend(training.experiment().localBackend(), 1)) {
      training.train(backend, backend.inner, new PrintStream(PrintStream.nullOutputStream()), List.of());
    }
    List<JsonNode> rows = metrics(dir.resolve("poisoned-once"));
    List<JsonNode> events = rows.stream().filter(r -> r.has("event")).toList();
    assertEquals(1, events.size(), "one rollback: " + events);
    JsonNode event = events.get(0);
    assertEquals(POISONED_STEP, event.get("step").asLong());
    assertEquals(10, event.get("to_step").asLong(), "back to the newest checkpoint before the divergence");
    assertTrue(event.get("reason").asText().contains("non-finite adversary gradient"), event.toString());
    assertEquals(0.5, event.get("lr_scale").asDouble());

    int at = rows.indexOf(event);
    assertEquals(POISONED_STEP - 1, rows.get(at - 1).get("step").asLong(), "the bad step itself logs nothing");
    JsonNode before = rows.get(at - 1);
    JsonNode after = rows.get(at + 1);
    assertEquals(11, after.get("step").asLong(), "training goes on from the checkpoint");
    assertEquals(before.get("lr_main").asDouble() / 2, after.get("lr_main").asDouble(), 0.0, "main rate halved");
    assertEquals(1e-3 / 2, after.get("lr_adversary").asDouble() / after.get("lr_multiplier").asDouble(), 1e-15,
        "adversary base rate halved");
    JsonNode last = rows.get(rows.size() - 1);
    assertEquals(30, last.get("step").asLong(), "the run completes");
    for (JsonNode row : rows) {
      assertTrue(row.has("event") || row.get("loss_adversary").isNumber(), "every logged step is finite: " + row);
    }
    Checkpointer checkpoints = Checkpointer.reading(new RunDirectory(dir.resolve("poisoned-once").toString()));
    assertEquals(0.5, checkpoints.read(Checkpointer.stepPath(30)).learningRateScale(), "the lowered rates are run state");
    assertEquals(1, checkpoints.read(Checkpointer.stepPath(30)).rollbacks());
  }

  @Test
  void aRunThatKeepsDivergingStopsCleanlyOnceTheRollbackBudgetIsSpent(@TempDir Path dir) throws Exception {
    TrainingRun<GanGame, GanNetworks, DataShard> training = run(dir, "poisoned-always");
    TrainingDiverged stop;
    try (PoisoningBackend backend = new PoisoningBackend(training.experiment().localBackend(), Integer.MAX_VALUE)) {
      stop = assertThrows(TrainingDiverged.class, () -> training.train(backend, backend.inner,
          new PrintStream(PrintStream.nullOutputStream()), List.of()));
    }
    Path run = dir.resolve("poisoned-always");
    assertEquals(POISONED_STEP, stop.step());
    assertTrue(stop.getMessage().contains("guard.max-rollbacks = 2"), stop.getMessage());
    assertTrue(stop.getMessage().contains("The last good checkpoint is file:" + run + "/checkpoints/step-10"),
        stop.getMessage());
    List<JsonNode> rows = metrics(run);
    List<JsonNode> rollbacks = rows.stream().filter(r -> "rollback".equals(r.path("event").asText())).toList();
    assertEquals(2, rollbacks.size(), "two rollbacks, then the stop");
    assertEquals(0.25, rollbacks.get(1).get("lr_scale").asDouble());
    JsonNode stopped = rows.get(rows.size() - 1);
    assertEquals("diverged", stopped.path("event").asText(), "the run's last line records the stop: " + stopped);
    assertEquals(POISONED_STEP, stopped.get("step").asLong());
    assertEquals(2, stopped.get("rollbacks").asInt());
    assertTrue(stopped.get("reason").asText().contains("non-finite adversary gradient"), stopped.toString());
    assertEquals(stop.getMessage(), stopped.get("message").asText());
    Checkpointer checkpoints = Checkpointer.reading(new RunDirectory(run.toString()));
    assertEquals(10, checkpoints.read(Checkpointer.stepPath(10)).step(), "the last good checkpoint is intact");
    assertTrue(Files.exists(run.resolve("config.conf")));
  }
}
