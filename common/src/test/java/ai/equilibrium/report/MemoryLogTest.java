package ai.equilibrium.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.StepMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** memory.jsonl: a hundred rows over a run and one at its end, carried on by a resumed run; report.html draws it. */
class MemoryLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void aRunRecordsItsMemoryAHundredTimesAndAtTheEndAndAResumedRunCarriesOn() throws Exception {
    RunDirectory run = new RunDirectory(dir.toString());
    train(new MemoryLog(run, false), 0, 150, 1000); // stopped at 150 of 1,000
    List<JsonNode> first = rows();
    assertEquals(List.of(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 100L, 110L, 120L, 130L, 140L, 150L),
        first.stream().map(r -> r.get("step").asLong()).toList(), "every 1% of the run");
    for (JsonNode row : first) {
      assertTrue(row.get("resident_mb").asLong() > 0 && row.get("peak_resident_mb").asLong()
          >= row.get("resident_mb").asLong(), row.toString());
      assertTrue(row.get("heap_used_mb").asLong() <= row.get("heap_committed_mb").asLong(), row.toString());
    }
    train(new MemoryLog(run, true), 100, 1000, 1000); // resumed from its checkpoint of step 100
    List<JsonNode> all = rows();
    assertEquals(first.size() + 90, all.size(), "the earlier process's rows, then 110..990 and the end");
    assertEquals(1000L, all.get(all.size() - 1).get("step").asLong());
    assertTrue(RunReport.render(run, "memory").contains("Driver memory (MB)"), "report.html draws it");
    train(new MemoryLog(run, false), 0, 3, 3);
    assertEquals(List.of(1L, 2L, 3L), rows().stream().map(r -> r.get("step").asLong()).toList(),
        "a new run starts the file again; a short run records every step");
  }

  private static void train(MemoryLog log, long from, long to, long total) {
    for (long step = from + 1; step <= to; step++) {
      log.onStep(new StepMetrics(step, total, 1.3, 0.7, Map.of(), 1.35, 1.386, 1, 1e-4, 1e-4, 10), null);
    }
    if (to == total) {
      log.onEnd(total, null);
    }
  }

  private List<JsonNode> rows() throws Exception {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve(MemoryLog.FILE))) {
      rows.add(JSON.readTree(line));
    }
    return rows;
  }
}
