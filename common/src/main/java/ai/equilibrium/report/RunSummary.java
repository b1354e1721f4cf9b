package ai.equilibrium.report;

import ai.equilibrium.checkpoint.Checkpointer;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.storage.FolderLease;
import ai.equilibrium.storage.RunDirectory;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One run as a page of runs lists it, read from its directory: settings from config.conf, steps done from the end
 * of metrics.jsonl and the newest committed checkpoint, the status, and the score from eval.jsonl. What cannot be
 * read is said in the status; reading a summary never fails.
 *
 * @param path      the run directory relative to the folder the page is written in
 * @param settings  empty when config.conf could not be read as an experiment
 * @param stepsDone steps completed as far as the run's files say
 * @param rollbacks rollbacks of the divergence guard
 * @param detail    what the status rests on, for people (the step, the holder, the reason)
 * @param hasReport whether the run has a report.html to link to
 */
public record RunSummary(String path, Optional<RunSettings> settings, long stepsDone, int rollbacks, Status status,
    String detail, Optional<RunScore> score, boolean hasReport) {

  /** Where a run stands. */
  public enum Status {
    /** All of run.steps done. */
    FINISHED,
    /** A live process holds the run's folder, or the sweep or suite folder around it. */
    RUNNING,
    /** The divergence guard stopped it. */
    DIVERGED,
    /** Ended before its step budget, and nothing holds it: killed, preempted, or a crash. */
    STOPPED,
    /** Its files could not be read (config.conf not an experiment of this version, a storage error). */
    UNREADABLE;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The end of metrics.jsonl read: enough for a run's last steps and its newest rollbacks. */
  static final long METRICS_TAIL_BYTES = 64 * 1024;
  private static final String CONFIG = "config.conf";
  /** Lenient: a non-finite score may have been written as NaN. */
  private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  /** A folder that could not be read at all. */
  static RunSummary unreadable(String path, String why) {
    return new RunSummary(path, Optional.empty(), 0, 0, Status.UNREADABLE, why, Optional.empty(), false);
  }

  /**
   * Reads the run in {@code run}.
   *
   * @param enclosingHolder the live process holding a folder around the run (a sweep, a nightly suite), if any
   */
  public static RunSummary read(RunDirectory run, String path, Optional<String> enclosingHolder) {
    try {
      return readOrFail(run, path, enclosingHolder);
    } catch (RuntimeException e) {
      return unreadable(path, oneLine(String.valueOf(e.getMessage())));
    }
  }

  private static RunSummary readOrFail(RunDirectory run, String path, Optional<String> enclosingHolder) {
    Optional<ExperimentConfig> config = Optional.empty();
    String configProblem = null;
    Optional<byte[]> configText = run.read(CONFIG);
    if (configText.isEmpty()) {
      configProblem = "no " + CONFIG;
    } else {
      try {
        config = Optional.of(ExperimentSchema.loadText(new String(configText.get(), StandardCharsets.UTF_8),
            run.path(CONFIG).toString(), List.of()));
      } catch (RuntimeException e) {
        configProblem = CONFIG + ": " + oneLine(String.valueOf(e.getMessage()));
      }
    }
    Optional<RunSettings> settings = config.map(RunSettings::of);

    List<JsonNode> tail = parse(run.readLastLines(MetricsLog.FILE, METRICS_TAIL_BYTES));
    long lastLogged = 0;
    int rollbacks = 0;
    for (JsonNode row : tail) {
      if (RunReport.isEvent(row, MetricsLog.ROLLBACK) || RunReport.isEvent(row, MetricsLog.DIVERGED)) {
        rollbacks = Math.max(rollbacks, row.path("rollbacks").asInt());
      } else if (!row.has("event")) {
        lastLogged = row.path("step").asLong();
      }
    }
    Optional<JsonNode> stop = tail.isEmpty() ? Optional.empty()
        : Optional.of(tail.get(tail.size() - 1)).filter(r -> RunReport.isEvent(r, MetricsLog.DIVERGED));
    Optional<Long> checkpointed = newestCommittedCheckpoint(run);
    long stepsDone = Math.max(lastLogged, checkpointed.orElse(0L));
    if (checkpointed.isPresent()) {
      // rollbacks before the metrics read are counted in the checkpoint
      rollbacks = Math.max(rollbacks, manifest(run, checkpointed.get()).path("rollbacks").asInt());
    }

    List<JsonNode> evaluations = RunReport.lastPerStep(parse(run.readLines(EvaluationLog.FILE)));
    Optional<RunScore> score = RunScore.of(evaluations,
        config.map(c -> c.eval().bestMetric().name().toLowerCase(Locale.ROOT)));

    long total = settings.map(RunSettings::steps).orElse(-1L);
    String progress = total > 0 ? "step " + stepsDone + " of " + total : "step " + stepsDone;
    Status status;
    String detail;
    Optional<String> holder = FolderLease.otherLiveHolder(run.location());
    if (stop.isPresent()) {
      status = Status.DIVERGED;
      int before = stop.get().path("rollbacks").asInt();
      detail = "at step " + stop.get().path("step").asLong() + (before > 0 ? " after " + before + " rollback"
          + (before == 1 ? "" : "s") : "") + ": " + stop.get().path("reason").asText();
    } else if (holder.isPresent()) {
      status = Status.RUNNING;
      detail = progress + "; held by " + holder.get();
    } else if (configProblem != null) {
      status = Status.UNREADABLE;
      detail = configProblem;
    } else if (stepsDone >= total) {
      status = Status.FINISHED;
      detail = rollbacks > 0 ? "after " + rollbacks + " rollback" + (rollbacks == 1 ? "" : "s") : "";
    } else if (enclosingHolder.isPresent()) {
      status = Status.RUNNING;
      detail = progress + "; in " + enclosingHolder.get();
    } else {
      status = Status.STOPPED;
      detail = stepsDone == 0 ? "before its first step" : "at " + progress;
    }
    return new RunSummary(path, settings, stepsDone, rollbacks, status, detail, score, run.exists(RunReport.FILE));
  }

  /** The step of the newest checkpoint whose commit marker is there (a checkpoint without one is never read). */
  private static Optional<Long> newestCommittedCheckpoint(RunDirectory run) {
    List<Long> steps = new ArrayList<>();
    for (String name : run.list(Checkpointer.DIRECTORY)) {
      if (name.matches("step-\\d{1,18}")) {
        steps.add(Long.parseLong(name.substring("step-".length())));
      }
    }
    steps.sort(Comparator.reverseOrder());
    return steps.stream().filter(s -> run.exists(Checkpointer.stepPath(s) + "/" + Checkpointer.MARKER)).findFirst();
  }

  private static JsonNode manifest(RunDirectory run, long step) {
    return run.read(Checkpointer.stepPath(step) + "/" + Checkpointer.MANIFEST).map(RunSummary::json)
        .orElse(JSON.missingNode());
  }

  /** JSON lines; a torn line (a live file's last, the first of a window) is left out. */
  private static List<JsonNode> parse(List<String> lines) {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : lines) {
      JsonNode row = line.isBlank() ? null : json(line.getBytes(StandardCharsets.UTF_8));
      if (row != null && row.isObject()) {
        rows.add(row);
      }
    }
    return rows;
  }

  private static JsonNode json(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }
}
