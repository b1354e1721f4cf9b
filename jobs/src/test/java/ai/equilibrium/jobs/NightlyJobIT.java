package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.experiment.Provenance;
import ai.equilibrium.nightly.NightSummary;
import ai.equilibrium.nightly.NightlyHistory;
import ai.equilibrium.nightly.RegressionCheck;
import ai.equilibrium.nightly.SuiteSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NightlyJob on a one-entry suite of ring runs (600 steps, two seeds): the unchanged suite passes against its
 * history, and the same suite with a learning rate that overflows the networks is a regression, named in the
 * summary and the JUnit XML.
 *
 * <p>Native kernels round differently on other processors, so where a trained ring run lands (how many modes it
 * covers) differs between machines. Neither verdict here depends on it: an unchanged, deterministic suite repeats
 * its own scores bit for bit on any one machine, and an overflowing learning rate diverges on every machine. How
 * the statistical band judges worse scores is {@code RegressionCheckTest}'s, on scores it chooses.
 */
class NightlyJobIT {
  private static JavaSparkContext sc;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSpark() {
    sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("nightly").set("spark.ui.enabled", "false"));
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  private static final String ADAM = "\"optimizer.main.lr=1e-3\", \"optimizer.adversary.lr=1e-3\"";
  /** Plain SGD at 1e8: the first steps overflow float, and the guard's halved rates (one rollback) still do. */
  private static final String OVERFLOWING = "\"optimizer.main.type=sgd\", \"optimizer.adversary.type=sgd\","
      + " \"optimizer.main.lr=1e8\", \"optimizer.adversary.lr=1e8\", \"guard.max-rollbacks=1\"";

  private SuiteSpec suite(String name, String optimizers) throws IOException {
    String ring = Path.of(System.getProperty("equilibrium.repo.root", ".."), "conf/ring-mlp.conf").toString();
    Path file = Files.writeString(dir.resolve("suite-" + name + ".conf"), "suite {\n  name = ci\n"
        + "  output-dir = \"" + dir.resolve("nightly") + "\"\n"
        + "  entries = [{name = ring-adam, config = \"" + ring + "\", seeds = [1, 2], metric = modes_covered,"
        + " direction = higher, overrides = [\"run.steps=600\", \"run.sample-every=600\", \"run.sample-count=500\","
        + " \"data.mixture-samples=2000\", \"run.progress-every=0\", " + optimizers + "]}]\n}\n");
    return ai.equilibrium.nightly.SuiteFiles.load(file.toString(), List.of());
  }

  private static List<NightSummary.EntryResult> night(SuiteSpec suite, String night) {
    return NightlyJob.run(suite, night, sc, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void theUnchangedSuitePassesAndAnOverflowingLearningRateIsARegressionNamedEverywhere() throws IOException {
    SuiteSpec good = suite("adam", ADAM);
    assertEquals(RegressionCheck.Status.BASELINE, night(good, "2026-11-01").get(0).verdict().status());
    // two more good nights in the history: the same runs, so the same scores, under other dates
    Path history = dir.resolve("nightly/ci/" + NightlyHistory.FILE);
    List<String> lines = new ArrayList<>(Files.readAllLines(history));
    List<String> firstNight = List.copyOf(lines.subList(1, 3));
    for (String date : new String[] {"2026-11-02", "2026-11-03"}) {
      firstNight.stream().map(l -> l.replace("2026-11-01", date)).forEach(lines::add);
    }
    Files.write(history, lines);

    List<NightSummary.EntryResult> unchanged = night(good, "2026-11-04");
    assertEquals(RegressionCheck.Status.PASS, unchanged.get(0).verdict().status(), unchanged.get(0).verdict().detail());
    assertEquals(0, NightlyJob.exitStatus(unchanged).code);

    List<NightSummary.EntryResult> worse = night(suite("overflowing", OVERFLOWING), "2026-11-05");
    RegressionCheck.Verdict v = worse.get(0).verdict();
    assertEquals(RegressionCheck.Status.REGRESSED, v.status(), v.detail());
    assertTrue(v.detail().startsWith("diverged tonight"), v.detail());
    assertEquals(ExitStatus.CHECK_FAILED.code, NightlyJob.exitStatus(worse).code);
    assertEquals("2026-11-05", v.since());

    Path tonight = dir.resolve("nightly/ci/nights/2026-11-05");
    String markdown = Files.readString(tonight.resolve("summary.md"));
    assertTrue(markdown.contains("| ring-adam | modes_covered") && markdown.contains("REGRESSED")
        && markdown.contains("2026-11-05"), markdown);
    JsonNode json = new ObjectMapper().readTree(tonight.resolve("summary.json").toFile());
    assertEquals("ring-adam", json.get("regressions").get(0).asText());
    assertEquals("regressed", json.get("entries").get(0).get("status").asText(), json.toString());
    assertTrue(json.get("entries").get(0).get("detail").asText().contains("diverged"), json.toString());
    String junit = Files.readString(tonight.resolve("junit.xml"));
    assertTrue(junit.contains("failures=\"1\"") && junit.contains("name=\"ring-adam modes_covered\"")
        && junit.contains("<failure message=\"modes_covered regressed since 2026-11-05\""), junit);
    String passed = Files.readString(dir.resolve("nightly/ci/nights/2026-11-04/junit.xml"));
    assertTrue(passed.contains("failures=\"0\""), passed);

    List<String> rows = Files.readAllLines(history);
    assertEquals(1 + 5 * 2, rows.size(), "five nights of two seeds");
    // tonight's rows name the code that ran and the data it read (the ring drawn from each seed)
    assertTrue(rows.get(0).endsWith(",code_revision,data_hash"), rows.get(0));
    for (String row : rows.subList(rows.size() - 2, rows.size())) {
      List<String> overrides = new ArrayList<>(good.entries().get(0).overrides());
      overrides.add("run.seed=" + row.split(",")[2]);
      Provenance built = Provenance.of(Experiment.assemble(ExperimentSchema.load(good.entries().get(0).config(),
          overrides)).source(), "any");
      assertTrue(row.endsWith("," + built.codeRevision() + "," + built.dataHash()), row);
    }
    String trend = Files.readString(dir.resolve("nightly/ci/report.html"));
    assertTrue(trend.contains("ring-adam: modes_covered"));
    assertTrue(trend.contains("<a href=\"index.html\">Every run of every night</a>"), "the trend links to the runs");
    String runsPage = Files.readString(dir.resolve("nightly/ci/index.html"));
    assertEquals(3 * 2, runsPage.split("<tr class=\"run ", -1).length - 1, "three nights ran, two seeds each");
    assertTrue(runsPage.contains("<tr class=\"run s-diverged\" data-run=\"nights/2026-11-05/ring-adam/trials/"),
        "the overflowing night's runs are listed as diverged");
  }
}
