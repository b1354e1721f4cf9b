package ai.equilibrium.report;

import ai.equilibrium.storage.RunDirectory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * eval.jsonl of a run: one JSON object per evaluation. Small, so it is rewritten whole and atomically at each
 * row and is never torn.
 */
public final class EvaluationLog {
  public static final String FILE = "eval.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RunDirectory run;
  private final List<String> computedOn;
  private final StringBuilder lines = new StringBuilder();

  /**
   * Carries on from the rows already in the run's eval.jsonl (a resumed run's, cut back to its checkpoint).
   *
   * @param computedOn the processor kinds that computed the run (each row names them: scores depend on them)
   */
  public EvaluationLog(RunDirectory run, List<String> computedOn) {
    this.run = run;
    this.computedOn = List.copyOf(computedOn);
    run.readLines(FILE).forEach(line -> lines.append(line).append('\n'));
  }

  public void append(Map<String, Object> row) {
    Map<String, Object> named = new LinkedHashMap<>(row);
    named.put("computed_on", computedOn);
    lines.append(json(named)).append('\n');
    run.writeText(FILE, lines.toString());
  }

  /** How a final line names the processors: " on KIND; KIND". */
  public static String onProcessors(List<String> computedOn) {
    return computedOn.isEmpty() ? "" : " on " + String.join("; ", computedOn);
  }

  /** One row as a JSON object. */
  public static String json(Map<String, Object> row) {
    try {
      return JSON.writeValueAsString(row);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
