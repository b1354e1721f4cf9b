package ai.equilibrium.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.storage.FolderLease;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.DivergenceStop;
import ai.equilibrium.train.RollbackEvent;
import ai.equilibrium.train.StepMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * index.html of a folder of runs: a sweep's trials and single runs, nested, each with its settings from its
 * config.conf, its steps, its status and its score, as the run's own writers (MetricsLog, EvaluationLog) left them.
 */
class RunsPageTest {

  @Test
  void everyRunUnderTheFolderIsARowWithItsSettingsStatusScoresAndLink(@TempDir Path dir) throws Exception {
    // a sweep holding its folder, with a finished, a diverged and a running trial
    Path trials = dir.resolve("sweeps/ring/trials");
    run(trials.resolve("adam-t000-s1"), "ring-mlp.conf", 300);
    steps(trials.resolve("adam-t000-s1"), 1, 300, 300, null, null);
    evaluations(trials.resolve("adam-t000-s1"), Map.of(100L, 6, 200L, 8, 300L, 7), "modes_covered");
    checkpoint(trials.resolve("adam-t000-s1"), 300, 0, true);
    Files.writeString(trials.resolve("adam-t000-s1/report.html"), "<html></html>");

    run(trials.resolve("brc-t001-s1"), "ring-brc.conf", 300);
    steps(trials.resolve("brc-t001-s1"), 1, 24, 300, new RollbackEvent(15, "non-finite adversary gradient", 10, 0.5, 1),
        new DivergenceStop(25, "non-finite adversary gradient (element 3 is NaN)", 1, "training diverged at step 25"));
    evaluations(trials.resolve("brc-t001-s1"), Map.of(10L, 3), "modes_covered");

    run(trials.resolve("hinge-t002-s1"), "ring-hinge-spectral-norm.conf", 300);
    steps(trials.resolve("hinge-t002-s1"), 1, 50, 300, null, null);
    lease(dir.resolve("sweeps/ring"), "the sweep ring");

    // single runs: finished after a rollback that the end of its long metrics.jsonl no longer shows, stopped,
    // live, finished on another game, and one whose config.conf is no experiment
    Path runs = dir.resolve("runs");
    run(runs.resolve("fashion"), "fashion-mnist-mlp.conf", 1000);
    steps(runs.resolve("fashion"), 1, 1000, 1000, new RollbackEvent(40, "non-finite main loss (NaN)", 20, 0.5, 1),
        null);
    Map<String, Object> fid = new LinkedHashMap<>(Map.of("step", 500, "extractor", "classifier-v1", "fid", 60.25,
        "kid", 0.01));
    new EvaluationLog(new RunDirectory(runs.resolve("fashion").toString()), List.of("test")).append(fid);
    fid.putAll(Map.of("step", 1000, "fid", 70.5));
    new EvaluationLog(new RunDirectory(runs.resolve("fashion").toString()), List.of("test")).append(fid);
    checkpoint(runs.resolve("fashion"), 1000, 1, true);
    assertTrue(Files.size(runs.resolve("fashion/metrics.jsonl")) > 2 * RunSummary.METRICS_TAIL_BYTES,
        "the rollback is before the end that is read");

    run(runs.resolve("dann"), "dann-moons.conf", 3000);
    steps(runs.resolve("dann"), 1, 120, 3000, null, null);
    evaluations(runs.resolve("dann"), Map.of(100L, 0.91), "target_accuracy");
    checkpoint(runs.resolve("dann"), 100, 0, true);
    checkpoint(runs.resolve("dann"), 200, 0, false); // torn: never counted

    run(runs.resolve("ada nsgda:1"), "ring-ada-nsgda.conf", 3000);
    steps(runs.resolve("ada nsgda:1"), 1, 40, 3000, null, null);
    lease(runs.resolve("ada nsgda:1"), "the run ada");
    Files.writeString(runs.resolve("ada nsgda:1/report.html"), "<html></html>");

    run(runs.resolve("bilinear"), "bilinear.conf", 200);
    steps(runs.resolve("bilinear"), 1, 200, 200, null, null);
    evaluations(runs.resolve("bilinear"), Map.of(100L, 0.5, 200L, 0.25), "distance_to_equilibrium");

    Files.createDirectories(runs.resolve("broken"));
    Files.writeString(runs.resolve("broken/config.conf"), "run { nmae = \"x\" }\n");
    Files.createDirectories(runs.resolve("notes"));
    Files.writeString(runs.resolve("notes/todo.txt"), "not a run");
    run(dir.resolve("deep/1/2/3/4/5/6"), "ring-mlp.conf", 300); // level 7: beyond the search

    List<RunSummary> listed = RunsPage.write(RunDirectory.existing(dir.toString()));
    String html = Files.readString(dir.resolve(RunsPage.FILE));

    assertEquals(List.of("runs/ada nsgda:1", "runs/bilinear", "runs/broken", "runs/dann", "runs/fashion",
        "sweeps/ring/trials/adam-t000-s1", "sweeps/ring/trials/brc-t001-s1", "sweeps/ring/trials/hinge-t002-s1"),
        listed.stream().map(RunSummary::path).toList());
    assertEquals(8, count(html, "<tr class=\"run "), "one row per run");
    assertTrue(html.contains("8 runs (3 finished, 2 running, 1 diverged, 1 stopped, 1 unreadable)"), html);

    String finished = row(html, "sweeps/ring/trials/adam-t000-s1");
    assertTrue(finished.startsWith("<tr class=\"run s-finished\""), finished);
    assertTrue(finished.contains("<a href=\"sweeps/ring/trials/adam-t000-s1/report.html\">"), finished);
    assertTrue(finished.contains(">gan · gaussian-ring · mlp<") && finished.contains(">non-saturating<")
        && finished.contains(">adam 0.001 / adam 0.001<") && finished.contains(">gap-aware<")
        && finished.contains("class=\"c-stabilizers\">none<"), finished);
    assertTrue(finished.contains("data-sort=\"300\">300 / 300<"), finished);
    assertTrue(finished.contains(">modes_covered ↑<"), finished);
    assertTrue(finished.contains("class=\"c-best\" data-sort=\"8.0\" title=\"at step 200\">8<"), "best: " + finished);
    assertTrue(finished.contains("class=\"c-final\" data-sort=\"7.0\" title=\"at step 300\">7<"), "final: " + finished);

    String diverged = row(html, "sweeps/ring/trials/brc-t001-s1");
    assertTrue(diverged.startsWith("<tr class=\"run s-diverged\""), diverged);
    assertTrue(diverged.contains("at step 25 after 1 rollback: non-finite adversary gradient (element 3 is NaN)"),
        diverged);
    assertTrue(diverged.contains("brc batch-mean ε=1e-8") && diverged.contains("(no report.html)"), diverged);
    assertTrue(diverged.contains("data-sort=\"24\">24 / 300<"), diverged);

    String inSweep = row(html, "sweeps/ring/trials/hinge-t002-s1");
    assertTrue(inSweep.startsWith("<tr class=\"run s-running\""), inSweep);
    assertTrue(inSweep.contains("step 50 of 300; in the sweep ring (process 1 on elsewhere"), inSweep);
    assertTrue(inSweep.contains(">hinge<") && inSweep.contains(">spectral norm<"), inSweep);
    assertTrue(inSweep.contains("class=\"c-best\" data-sort=\"\"></td>"), "no evaluation yet: " + inSweep);

    String fashion = row(html, "runs/fashion");
    assertTrue(fashion.startsWith("<tr class=\"run s-finished\"") && fashion.contains("after 1 rollback<"),
        "the checkpoint counts the rollback the metrics' end does not show: " + fashion);
    assertTrue(fashion.contains(">fid ↓<") && fashion.contains("data-sort=\"60.25\" title=\"at step 500\">60.25<")
        && fashion.contains("data-sort=\"70.5\" title=\"at step 1000\">70.5<"), "lower is better: " + fashion);
    assertTrue(fashion.contains(">adam 0.0002 / adam 0.001<"), fashion);

    String stopped = row(html, "runs/dann");
    assertTrue(stopped.startsWith("<tr class=\"run s-stopped\"") && stopped.contains("at step 120 of 3000"), stopped);
    assertTrue(stopped.contains(">domain-adaptation · two-moons · mlp<")
        && stopped.contains(">reversed domain loss (sum-of-means, λ dann)<"), stopped);
    assertTrue(stopped.contains(">target_accuracy ↑<") && stopped.contains(">0.91<"), stopped);

    String live = row(html, "runs/ada nsgda:1");
    assertTrue(live.startsWith("<tr class=\"run s-running\"") && live.contains("step 40 of 3000; held by the run ada"),
        live);
    assertTrue(live.contains("<a href=\"runs/ada%20nsgda%3A1/report.html\">runs/<wbr>ada nsgda:1</a>"), live);
    assertTrue(live.contains(">grafted adam#sgd (layer) 0.001 / grafted adam#sgd (layer) 0.001<"), live);

    String bilinear = row(html, "runs/bilinear");
    assertTrue(bilinear.startsWith("<tr class=\"run s-finished\"") && bilinear.contains(">distance_to_equilibrium ↓<")
        && bilinear.contains(">0.25<") && bilinear.contains(">x^T A y + b^T x + c^T y<"), bilinear);

    String broken = row(html, "runs/broken");
    assertTrue(broken.startsWith("<tr class=\"run s-unreadable\"") && broken.contains("config.conf: ")
        && broken.contains("nmae"), "the status names the key: " + broken);

    assertFalse(html.contains("notes") || html.contains("deep/"), "folders without config.conf, or too deep");
    assertFalse(html.contains("src=\"http") || html.contains("href=\"http"), "nothing fetched");
    assertTrue(html.contains("<script>") && html.contains("aria-sort"), "the sorting script is inline");
  }

  @Test
  void linksArePercentEncodedPathSegments() {
    assertEquals("nights/2026-01-01T01%3A30/trials/a%20b/report.html",
        RunsPage.link("nights/2026-01-01T01:30/trials/a b"));
  }

  @Test
  void aFolderWithoutRunsGetsAPageSayingSo(@TempDir Path dir) throws Exception {
    assertTrue(RunsPage.write(RunDirectory.existing(dir.toString())).isEmpty());
    assertTrue(Files.readString(dir.resolve(RunsPage.FILE)).contains("<p>No runs here.</p>"));
  }

  /** config.conf as the run wrote it: the repository's experiment file, resolved, with a smaller step budget. */
  private static void run(Path run, String confFile, int steps) throws Exception {
    Path conf = Paths.get(System.getProperty("user.dir")).resolve("../conf").resolve(confFile).normalize();
    Files.createDirectories(run);
    Files.writeString(run.resolve("config.conf"), ExperimentSchema.load(conf.toString(),
        List.of("run.steps=" + steps, "run.name=\"" + run.getFileName() + "\"")).rendered());
  }

  /** metrics.jsonl through MetricsLog: steps from..to, with a rollback amid them and a stop after, if given. */
  private static void steps(Path run, int from, int to, int total, RollbackEvent rollback, DivergenceStop stop) {
    try (MetricsLog log = new MetricsLog(new RunDirectory(run.toString()), 1)) {
      for (int step = from; step <= to; step++) {
        log.onStep(new StepMetrics(step, total, 1.3, 0.7, Map.of("d_real", 0.6, "d_fake", 0.4), 1.35,
            1.3862943611198906, 1.0, 1e-3, 1e-3, 12.5), null);
        if (rollback != null && step == rollback.step() - 1) {
          log.onRollback(rollback, null);
          step = (int) rollback.toStep();
          rollback = null;
        }
      }
      if (stop != null) {
        log.onDivergenceStop(stop, null);
      }
    }
  }

  private static void evaluations(Path run, Map<Long, ? extends Number> byStep, String metric) {
    EvaluationLog log = new EvaluationLog(new RunDirectory(run.toString()), List.of("test"));
    byStep.keySet().stream().sorted().forEach(step -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("step", step);
      row.put(metric, byStep.get(step));
      log.append(row);
    });
  }

  /** checkpoints/step-N with its manifest and, when committed, its marker. */
  private static void checkpoint(Path run, long step, int rollbacks, boolean committed) throws Exception {
    Path dir = Files.createDirectories(run.resolve("checkpoints/step-" + step));
    Files.writeString(dir.resolve("manifest.json"), "{\"step\":" + step + ",\"rollbacks\":" + rollbacks + "}");
    if (committed) {
      Files.writeString(dir.resolve("commit.json"), "{\"step\":" + step + ",\"sha256\":{}}");
    }
  }

  /** A live lease of a process on another host. */
  private static void lease(Path folder, String holder) throws Exception {
    Files.writeString(folder.resolve(FolderLease.FILE), "{\"holder\":\"" + holder + "\",\"host\":\"elsewhere\","
        + "\"pid\":1,\"started\":\"2026-01-01T00:00:00Z\",\"token\":\"t\",\"heartbeat\":\"" + Instant.now() + "\"}");
  }

  private static String row(String html, String run) {
    Matcher m = Pattern.compile("<tr class=\"run [^\"]*\" data-run=\"" + Pattern.quote(run) + "\">.*?</tr>")
        .matcher(html);
    assertTrue(m.find(), "a row for " + run);
    return m.group();
  }

  private static int count(String html, String s) {
    return html.split(Pattern.quote(s), -1).length - 1;
  }
}
