package ai.equilibrium.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The step-indexed JSON-lines files of a run (metrics.jsonl, eval.jsonl) cut back to a checkpoint, so that a
 * resumed run's files read as if it had never stopped.
 */
public final class RunHistory {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunHistory() {}

  /**
   * Keeps the lines up to and including the last one whose {@code step} is at most {@code step}: the lines a
   * run had written when it checkpointed that step. Earlier lines of a trajectory the divergence guard
   * abandoned stay (they are history); a torn last line goes.
   */
  public static void truncate(RunDirectory run, String file, long step) {
    List<String> lines = run.readLines(file);
    int keep = 0;
    for (int i = 0; i < lines.size(); i++) {
      Long lineStep = stepOf(lines.get(i));
      if (lineStep != null && lineStep <= step) {
        keep = i + 1;
      }
    }
    if (keep == lines.size() && run.read(file).map(b -> b.length == 0 || b[b.length - 1] == '\n').orElse(true)) {
      return;
    }
    StringBuilder text = new StringBuilder();
    for (String line : lines.subList(0, keep)) {
      text.append(line).append('\n');
    }
    run.writeAtomically(file, out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static Long stepOf(String line) {
    try {
      JsonNode row = JSON.readTree(line);
      return row != null && row.path("step").isIntegralNumber() ? row.get("step").asLong() : null;
    } catch (IOException torn) {
      return null;
    }
  }
}
