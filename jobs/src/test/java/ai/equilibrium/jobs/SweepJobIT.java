package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.experiment.Provenance;
import ai.equilibrium.sweep.SweepSpec;
import ai.equilibrium.sweep.TrialOutcome;
import ai.equilibrium.sweep.TrialRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SweepJob on short ring runs with Spark local[2]: outcomes, resume, placement, divergence, bad sweep files. */
class SweepJobIT {
  private static JavaSparkContext sc;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSpark() {
    sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("sweeps").set("spark.ui.enabled", "false"));
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  private static String ring() {
    return Path.of(System.getProperty("equilibrium.repo.root", ".."), "conf/ring-mlp.conf").toString();
  }

  /** A sweep file of short ring runs: two arms, the learning rates searched over two decades. */
  private Path sweepFile(String name, String extra) throws IOException {
    return Files.writeString(dir.resolve(name + ".conf"), "sweep {\n"
        + "  name = " + name + "\n"
        + "  base = \"" + ring() + "\"\n"
        + "  overrides = [\"run.steps=30\", \"run.sample-every=15\", \"run.sample-count=500\", \"data.mixture-samples=2000\","
        + " \"model.generator-hidden=[32,32]\", \"model.adversary-hidden=[32,32]\", \"run.progress-every=0\"]\n"
        + "  trials = 3\n"
        + "  metric = modes_covered\n"
        + "  direction = higher\n"
        + "  output-dir = \"" + dir.resolve("sweeps") + "\"\n"
        + "  search = [\n"
        + "    {key = optimizer.main.lr, distribution = log-uniform, min = 1e-4, max = 1e-2}\n"
        + "    {key = optimizer.adversary.lr, distribution = log-uniform, min = 1e-4, max = 1e-2}\n"
        + "  ]\n"
        + "  arms = [{name = scheduled, set {\"schedule.type\" = gap-aware}}, {name = constant, set {\"schedule.type\" = constant}}]\n"
        + extra
        + "}\n");
  }

  private static List<TrialOutcome> sweep(SweepSpec spec, StringBuilder printed) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<TrialOutcome> outcomes = SweepRunner.run(spec, sc, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    printed.append(bytes.toString(StandardCharsets.UTF_8));
    return outcomes;
  }

  @Test
  void everyTrialIsRecordedAndARestartRunsOnlyThoseWithoutAnOutcome() throws IOException {
    SweepSpec spec = ai.equilibrium.sweep.SweepFiles.load(sweepFile("budget", "  placement = tasks\n").toString(), List.of());
    StringBuilder printed = new StringBuilder();
    List<TrialOutcome> first = sweep(spec, printed);
    assertEquals(6, first.size());
    for (TrialOutcome o : first) {
      assertTrue(o.diverged() || Double.isFinite(o.finalScore()), o.toString());
    }
    // arms are compared on the same sampled points
    Map<String, TrialOutcome> byId = first.stream().collect(Collectors.toMap(TrialOutcome::trial, Function.identity()));
    for (int i = 0; i < 3; i++) {
      assertEquals(byId.get(String.format("scheduled-t%03d-s1", i)).sampled(),
          byId.get(String.format("constant-t%03d-s1", i)).sampled());
    }
    Path sweepDir = dir.resolve("sweeps/budget");
    List<String> rows = Files.readAllLines(sweepDir.resolve(SweepRunner.TABLE));
    assertEquals(7, rows.size(), "a header and a row per trial");
    // every row names the code it ran and the data it read
    ExperimentConfig trial = new TrialRunner(spec).config(spec.plan().get(0));
    Provenance built = Provenance.of(Experiment.assemble(trial).source(), "any");
    assertTrue(rows.get(0).startsWith("trial,arm,index,seed,config_hash,code_revision,data_hash,"), rows.get(0));
    for (String row : rows.subList(1, rows.size())) {
      assertEquals(List.of(built.codeRevision(), built.dataHash()), List.of(row.split(",")).subList(5, 7), row);
    }
    String report = Files.readString(sweepDir.resolve("report.html"));
    assertTrue(report.contains("E[best modes_covered of k]") && report.contains("modes_covered against optimizer.main.lr")
        && report.contains("<td style=\"text-align:left\">constant</td>"), "the report's curves, scatter plots and table");
    assertTrue(printed.toString().contains("arm scheduled: 3 trials"), printed.toString());
    assertTrue(report.contains("<a href=\"index.html\">Every trial</a>"), "the report links to the runs page");
    String runsPage = Files.readString(sweepDir.resolve("index.html"));
    for (TrialOutcome o : first) {
      assertTrue(runsPage.contains("data-run=\"trials/" + o.trial() + "\""), o.trial() + " is a row of the runs page");
    }
    assertEquals(6, runsPage.split("<tr class=\"run ", -1).length - 1, "one row per trial");
    var table = org.apache.spark.sql.SparkSession.builder().sparkContext(sc.sc()).getOrCreate().read()
        .parquet(sweepDir.resolve(SweepRunner.PARQUET).toString());
    assertEquals(6, table.count());
    assertEquals(byId.get("constant-t001-s1").finalScore(),
        table.filter("trial = 'constant-t001-s1'").first().<Double>getAs("final_score"), 0.0);
    try (var files = Files.walk(sweepDir)) {
      assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".crc")).toList(),
          "no Hadoop checksum sidecars beside the tables, reports and trial runs");
    }

    // interrupted after four trials: two outcomes are missing
    Files.delete(sweepDir.resolve("results/constant-t001-s1.json"));
    Files.delete(sweepDir.resolve("results/scheduled-t002-s1.json"));
    long kept = Files.getLastModifiedTime(sweepDir.resolve("results/scheduled-t000-s1.json")).toMillis();
    StringBuilder again = new StringBuilder();
    List<TrialOutcome> resumed = sweep(spec, again);
    assertTrue(again.toString().contains("4 finished earlier, 2 to run"), again.toString());
    assertEquals(kept, Files.getLastModifiedTime(sweepDir.resolve("results/scheduled-t000-s1.json")).toMillis());
    for (int i = 0; i < first.size(); i++) {
      assertEquals(first.get(i).finalScore(), resumed.get(i).finalScore(), 0.0, first.get(i).trial());
      assertEquals(first.get(i).configHash(), resumed.get(i).configHash());
    }
  }

  @Test
  void aTrialGivesTheSameOutcomeAsASparkTaskAndAsADistributedRun() throws IOException {
    SweepSpec tasks = ai.equilibrium.sweep.SweepFiles.load(sweepFile("tasks", "  placement = tasks\n").toString(),
        List.of("sweep.trials=1"));
    SweepSpec runs = ai.equilibrium.sweep.SweepFiles.load(sweepFile("runs", "  placement = runs\n").toString(),
        List.of("sweep.trials=1"));
    List<TrialOutcome> a = sweep(tasks, new StringBuilder());
    List<TrialOutcome> b = sweep(runs, new StringBuilder());
    assertEquals(2, a.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).trial(), b.get(i).trial());
      assertEquals(a.get(i).configHash(), b.get(i).configHash());
      assertEquals(a.get(i).finalScore(), b.get(i).finalScore(), 0.0, a.get(i).trial());
      assertEquals(a.get(i).bestScore(), b.get(i).bestScore(), 0.0, a.get(i).trial());
    }
  }

  @Test
  void aDivergingTrialIsRecordedAsDivergedNotDropped() throws IOException {
    Path file = Files.writeString(dir.resolve("wild.conf"), "sweep {\n  name = wild\n  base = \"" + ring() + "\"\n"
        + "  overrides = [\"run.steps=30\", \"data.mixture-samples=2000\", \"run.progress-every=0\", \"guard.max-rollbacks=1\"]\n"
        + "  trials = 1\n  metric = modes_covered\n  direction = higher\n  placement = tasks\n"
        + "  output-dir = \"" + dir.resolve("sweeps") + "\"\n"
        + "  arms = [{name = wild, set {\"optimizer.main.type\" = sgd, \"optimizer.adversary.type\" = sgd,"
        + " \"optimizer.main.lr\" = 1e8, \"optimizer.adversary.lr\" = 1e8}}]\n}\n");
    List<TrialOutcome> outcomes = sweep(ai.equilibrium.sweep.SweepFiles.load(file.toString(), List.of()), new StringBuilder());
    assertEquals(1, outcomes.size());
    assertTrue(outcomes.get(0).diverged(), outcomes.get(0).toString());
    assertFalse(outcomes.get(0).reason().isEmpty());
    assertTrue(Files.readString(dir.resolve("sweeps/wild/" + SweepRunner.TABLE)).contains(",true,"));
    assertTrue(Files.readString(dir.resolve("sweeps/wild/index.html"))
        .contains("<tr class=\"run s-diverged\" data-run=\"trials/wild-t000-s1\">"), "the runs page says so too");
  }

  @Test
  void badSweepFilesFailNamingTheKey() throws IOException {
    ConfigError unknown = assertThrows(ConfigError.class, () -> ai.equilibrium.sweep.SweepFiles.load(
        sweepFile("typo", "  trails = 4\n").toString(), List.of()));
    assertTrue(unknown.getMessage().contains("sweep.trails") && unknown.getMessage().contains("sweep.trials"),
        unknown.getMessage());
    ConfigError pinned = assertThrows(ConfigError.class, () -> ai.equilibrium.sweep.SweepFiles.load(
        sweepFile("pinned", "").toString(), List.of("sweep.arms=[{name = a, set {\"optimizer.main.lr\" = 1e-3}}]")));
    assertTrue(pinned.getMessage().contains("optimizer.main.lr") && pinned.getMessage().contains("searched"),
        pinned.getMessage());
    ConfigError misspelt = assertThrows(ConfigError.class, () -> ai.equilibrium.sweep.SweepFiles.load(
        sweepFile("misspelt", "").toString(), List.of("sweep.arms=[{name = a, set {\"schedule.typ\" = constant}}]")));
    assertTrue(misspelt.getMessage().contains("schedule.typ") && misspelt.getMessage().contains("arm 'a'"),
        misspelt.getMessage());
    ConfigError distribution = assertThrows(ConfigError.class, () -> ai.equilibrium.sweep.SweepFiles.load(
        sweepFile("dist", "").toString(), List.of("sweep.search=[{key = optimizer.main.lr, distribution = normal}]")));
    assertTrue(distribution.getMessage().contains("sweep.search[0].distribution"), distribution.getMessage());
  }
}
