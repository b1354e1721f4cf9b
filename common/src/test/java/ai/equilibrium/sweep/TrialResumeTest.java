package ai.equilibrium.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep interrupted mid-trial goes on from the trial's newest checkpoint when it is run again, and ends where
 * the uninterrupted trial ended: the same metrics, bit for bit. Long studies run over several sittings so.
 */
class TrialResumeTest {

  private static SweepSpec spec(Path directory) {
    String ring = Paths.get(System.getProperty("user.dir")).resolve("../conf/ring-mlp.conf").normalize().toString();
    return new SweepSpec("resume", ring, List.of("run.steps=40", "run.checkpoint-every=10", "run.keep-checkpoints=5",
        "run.sample-every=20", "run.progress-every=0", "model.generator-hidden=[16]",
        "model.adversary-hidden=[16]", "train.batch-size=32"), List.of(),
        List.of(new SweepSpec.Arm("adam", Map.of())), 1, List.of(3L), 1,
        new SweepSpec.Metric("modes_covered", ExpectedBest.Direction.HIGHER_IS_BETTER), SweepSpec.Placement.TASKS,
        directory.toString(), "local[1]", Map.of(), List.of(20L));
  }

  @Test
  void anInterruptedTrialResumesFromItsCheckpointAndEndsAsIfUninterrupted(@TempDir Path dir) throws IOException {
    SweepSpec spec = spec(dir);
    SweepTrial trial = spec.plan().get(0);
    TrialRunner runner = new TrialRunner(spec);
    runner.run(trial, TrialRunner.IN_PROCESS, new PrintStream(new ByteArrayOutputStream()));
    Path run = dir.resolve("resume").resolve("trials").resolve(trial.id());
    List<String> uninterrupted = Files.readAllLines(run.resolve("metrics.jsonl"));

    // Interrupted after step 25: the checkpoints after step 20 were never written, the logs went further.
    for (String late : List.of("step-30", "step-40")) {
      try (Stream<Path> files = Files.walk(run.resolve("checkpoints").resolve(late))) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.write(run.resolve("metrics.jsonl"), uninterrupted.subList(0, 25));
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    TrialOutcome outcome = runner.run(trial, TrialRunner.IN_PROCESS, new PrintStream(said, true,
        StandardCharsets.UTF_8));

    assertTrue(said.toString(StandardCharsets.UTF_8).contains("resuming"), said.toString(StandardCharsets.UTF_8));
    assertTrue(said.toString(StandardCharsets.UTF_8).contains("step-20"), said.toString(StandardCharsets.UTF_8));
    assertEquals(stripTimes(uninterrupted), stripTimes(Files.readAllLines(run.resolve("metrics.jsonl"))));
    assertTrue(Double.isFinite(outcome.finalScore()), outcome.toString());
    // The report step's score is the one eval.jsonl holds for step 20.
    String atTwenty = Files.readAllLines(run.resolve("eval.jsonl")).stream().filter(l -> l.startsWith("{\"step\":20,"))
        .findFirst().orElseThrow(() -> new AssertionError(run.resolve("eval.jsonl") + " has no step 20"));
    assertEquals(Map.of(20L, new com.fasterxml.jackson.databind.ObjectMapper().readTree(atTwenty).get("modes_covered")
        .asDouble()), outcome.scoresAtSteps());
  }

  private static List<String> stripTimes(List<String> lines) {
    return lines.stream().map(l -> l.replaceAll(",\"ms_per_step\":[0-9.E-]+", "")).toList();
  }
}
