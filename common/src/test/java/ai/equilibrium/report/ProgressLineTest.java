package ai.equilibrium.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.train.StepMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Progress lines report the steps' own rate, also when a block hands its steps over all at once. */
class ProgressLineTest {

  @Test
  void stepsArrivingInABurstShowTheRateTheyRanAt() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressLine progress = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), 10);
    for (long step = 1; step <= 40; step++) { // one block of 40 steps of 20 ms each, replayed in microseconds
      progress.onStep(new StepMetrics(step, 40, 1.3, 0.7, Map.of(), 1.3, 1.386, 1.0, 1e-3, 1e-3, 20.0), null);
    }
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(4, lines.size(), lines.toString());
    for (String line : lines) {
      assertTrue(line.contains("| 50.00 it/s |"), line);
    }
    assertTrue(lines.get(0).contains("ETA 0m01s"), lines.get(0)); // 30 steps left at 50 it/s: 0.6 s
  }
}
