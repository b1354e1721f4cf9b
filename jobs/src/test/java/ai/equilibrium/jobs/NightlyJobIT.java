package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ConfigLoader;
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
 * history, and the same suite with learning rates 100x too high is a regression, named in the summary and the
 * JUnit XML.
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

  private SuiteSpec suite(String lr) throws IOException {
    String ring = Path.of(System.getProperty("equilibrium.repo.root", ".."), "conf/ring-mlp.conf").toString();
    Path file = Files.writeString(dir.resolve("suite-" + lr + ".conf"), "suite {\n  name = ci\n"
        + "  output-dir = \"" + dir.resolve("nightly") + "\"\n"
        + "  entries = [{name = ring-adam, config = \"" + ring + "\", seeds = [1, 2], metric = modes_covered,"
        + " direction = higher, overrides = [\"run.steps=600\", \"run.sample-every=600\", \"run.sample-count=500\","
        + " \"data.mixture-samples=2000\", \"run.progress-every=0\", \"optimizer.main.lr=" + lr + "\","
        + " \"optimizer.adversary.lr=" + lr + "\"]}]\n}\n");
    return ai.equilibrium.config.SuiteFiles.load(file.toString(), List.of());
  }

  private static List<NightlyJob.EntryResult> night(SuiteSpec suite, String night) {
    return NightlyJob.run(suite, night, sc, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void theUnchangedSuitePassesAndALearningRate100TimesTooHighIsARegressionNamedEverywhere() throws IOException {
    SuiteSpec good = suite("1e-3");
    assertEquals(RegressionCheck.Status.BASELINE, night(good, "2026-11-01").get(0).verdict().status());
    // two more good nights in the history: the same runs, so the same scores, under other dates
    Path history = dir.resolve("nightly/ci/" + NightlyJob.HISTORY);
    List<String> lines = new ArrayList<>(Files.readAllLines(history));
    List<String> firstNight = List.copyOf(lines.subList(1, 3));
    for (String date : new String[] {"2026-11-02", "2026-11-03"}) {
      firstNight.stream().map(l -> l.replace("2026-11-01", date)).forEach(lines::add);
    }
    Files.write(history, lines);

    List<NightlyJob.EntryResult> unchanged = night(good, "2026-11-04");
    assertEquals(RegressionCheck.Status.PASS, unchanged.get(0).verdict().status(), unchanged.get(0).verdict().detail());
    assertEquals(0, NightlyJob.exitCode(unchanged));

    List<NightlyJob.EntryResult> worse = night(suite("1e-1"), "2026-11-05");
    RegressionCheck.Verdict v = worse.get(0).verdict();
    assertEquals(RegressionCheck.Status.REGRESSED, v.status(), v.detail());
    assertEquals(NightlyJob.REGRESSION, NightlyJob.exitCode(worse));
    assertEquals("2026-11-05", v.since());

    Path tonight = dir.resolve("nightly/ci/nights/2026-11-05");
    String markdown = Files.readString(tonight.resolve("summary.md"));
    assertTrue(markdown.contains("| ring-adam | modes_covered") && markdown.contains("REGRESSED")
        && markdown.contains("2026-11-05"), markdown);
    JsonNode json = new ObjectMapper().readTree(tonight.resolve("summary.json").toFile());
    assertEquals("ring-adam", json.get("regressions").get(0).asText());
    assertTrue(json.get("entries").get(0).get("relative_worsening").asDouble() > 0.07, json.toString());
    String junit = Files.readString(tonight.resolve("junit.xml"));
    assertTrue(junit.contains("failures=\"1\"") && junit.contains("name=\"ring-adam modes_covered\"")
        && junit.contains("<failure message=\"modes_covered regressed since 2026-11-05\""), junit);
    String passed = Files.readString(dir.resolve("nightly/ci/nights/2026-11-04/junit.xml"));
    assertTrue(passed.contains("failures=\"0\""), passed);

    assertEquals(1 + 5 * 2, Files.readAllLines(history).size(), "five nights of two seeds");
    assertTrue(Files.readString(dir.resolve("nightly/ci/report.html")).contains("ring-adam: modes_covered"));
  }
}
