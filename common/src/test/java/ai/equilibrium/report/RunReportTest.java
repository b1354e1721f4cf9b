package ai.equilibrium.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.gan.MixtureEvaluation;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.DivergenceStop;
import ai.equilibrium.train.RollbackEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html is one self-contained page: every plot and sample grid is an embedded, decodable PNG. */
class RunReportTest {

  @Test
  void reportEmbedsAPlotPerSeriesAndTheSampleGrids(@TempDir Path dir) throws Exception {
    RunDirectory run = new RunDirectory(dir.toString());
    StringBuilder metrics = new StringBuilder();
    for (int step = 1; step <= 300; step++) {
      metrics.append(String.format("{\"step\":%d,\"loss_adversary\":%.4f,\"loss_main\":%.4f,\"d_real\":0.6,\"d_fake\":0.4,"
          + "\"penalty_r1\":0.01,\"ema_adversary_loss\":1.3,\"ideal_adversary_loss\":1.3862943611198906,"
          + "\"lr_multiplier\":%.3f,\"lr_adversary\":1e-4,\"lr_main\":2e-4,\"ms_per_step\":20.0}%n",
          step, 1.2 + 0.1 * Math.sin(step / 10.0), 0.9, 0.5 + step / 600.0));
    }
    metrics.append("{\"step\":301,\"loss_adv"); // a live file's torn last line
    run.writeText(MetricsLog.FILE, metrics.toString());
    run.writeText(MixtureEvaluation.FILE, "{\"step\":100,\"samples\":2500,\"modes_covered\":5,\"modes\":8,"
        + "\"high_quality_fraction\":0.2}\n{\"step\":300,\"samples\":2500,\"modes_covered\":8,\"modes\":8,"
        + "\"high_quality_fraction\":0.6}\n");
    byte[] grid = png();
    for (int step : new int[] {100, 200, 300}) {
      run.writeAtomically("samples/step-" + step + ".png", out -> out.write(grid));
    }
    run.writeText("config.conf", "run { name = \"demo\" }\n");

    RunReport.write(run, "demo <run>");

    String html = Files.readString(dir.resolve(RunReport.FILE));
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.contains("<title>demo &lt;run&gt;</title>"), "the title is escaped");
    for (String plot : new String[] {"Losses", "Adversary loss EMA against V*", "Adversary learning-rate multiplier",
        "Evaluation: modes_covered", "Evaluation: high_quality_fraction"}) {
      assertTrue(html.contains("alt=\"" + plot + "\""), "plot " + plot);
    }
    assertFalse(html.contains("Evaluation: modes\""), "bookkeeping fields are not plotted");
    assertTrue(html.contains("figcaption>step 300<"), "the last sample grid");
    assertTrue(html.contains("run { name = \\\"demo\\\" }") || html.contains("run { name = &quot;demo&quot; }"));
    assertFalse(html.contains("src=\"http"), "nothing is fetched: the page is self-contained");

    Matcher images = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
    int count = 0;
    while (images.find()) {
      assertNotNull(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(images.group(1)))));
      count++;
    }
    assertEquals(5 + 2 + 3, count, "five training plots (no best-response coefficient here), two evaluation plots, "
        + "three sample grids");
    assertTrue(html.getBytes(StandardCharsets.UTF_8).length > 10_000);
  }

  private static byte[] png() throws Exception {
    var image = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  /** The run keeps metrics.jsonl open and flushed while the report reads it (the local file system's checksums lag). */
  @Test
  void readsAMetricsFileThatIsStillBeingWritten(@TempDir Path dir) throws Exception {
    RunDirectory run = new RunDirectory(dir.toString());
    try (MetricsLog log = new MetricsLog(run, 1)) {
      for (int step = 1; step <= 3000; step++) { // past the first 512-byte checksum chunks, written as it goes
        log.onStep(new ai.equilibrium.train.StepMetrics(step, 5000, 1.2, 0.9, java.util.Map.of("d_real", 0.5), 1.25,
            1.386, 0.5, 1e-4, 2e-4, 20.0), null);
      }
      RunReport.write(run, "live");
      String html = Files.readString(dir.resolve(RunReport.FILE));
      assertTrue(html.contains("<th>steps logged</th><td>3000</td>"), "the report saw every flushed line");
    }
  }

  @Test
  void rollbacksAreListedAndChartsFollowTheTrajectoryTrainingKept(@TempDir Path dir) throws Exception {
    RunDirectory run = new RunDirectory(dir.toString());
    try (MetricsLog log = new MetricsLog(run, 1)) {
      for (int step = 1; step <= 14; step++) {
        log.onStep(new ai.equilibrium.train.StepMetrics(step, 20, 1.0 + step, 0.9, java.util.Map.of(), 1.25, 1.386,
            1.0, 1e-4, 2e-4, 20.0), null);
      }
      log.onRollback(new RollbackEvent(15, "non-finite adversary gradient", 10, 0.5, 1), null);
      for (int step = 11; step <= 20; step++) {
        log.onStep(new ai.equilibrium.train.StepMetrics(step, 20, 100.0 + step, 0.9, java.util.Map.of(), 1.25, 1.386,
            1.0, 5e-5, 1e-4, 20.0), null);
      }
      log.onDivergenceStop(new DivergenceStop(21, "non-finite main loss (NaN)", 1,
          "training diverged at step 21: non-finite main loss (NaN), and the guard has rolled back 1 times"), null);
    }
    List<JsonNode> rows = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve(MetricsLog.FILE))) {
      rows.add(new ObjectMapper().readTree(line));
    }
    List<JsonNode> kept = RunReport.survivingSteps(rows);
    assertEquals(20, kept.size());
    for (int i = 0; i < kept.size(); i++) {
      assertEquals(i + 1, kept.get(i).get("step").asInt(), "steps run forward");
    }
    assertEquals(111.0, kept.get(10).get("loss_adversary").asDouble(), "step 11 is the retried one");
    String html = RunReport.render(run, "rolled back");
    assertTrue(html.contains("<h2>Rollbacks</h2>") && html.contains("non-finite adversary gradient")
        && html.contains("<td>10</td>") && html.contains("x0.5000"), "the rollback is in the report");
    assertTrue(html.contains("<strong>Stopped by the divergence guard</strong>: training diverged at step 21"),
        "the stop is in the report, and its line is neither a rollback nor a step");
  }

  @Test
  void domainAdaptationRunsChartTheirAccuraciesTogetherAndTheDomainLossAgainstVStar(@TempDir Path dir) {
    RunDirectory run = new RunDirectory(dir.toString());
    StringBuilder metrics = new StringBuilder();
    StringBuilder evaluations = new StringBuilder();
    for (int step = 1; step <= 40; step++) {
      metrics.append(String.format("{\"step\":%d,\"loss_adversary\":1.3,\"loss_main\":-1.1,\"domain_accuracy\":0.6,"
          + "\"task_loss\":%.3f,\"source_accuracy\":0.9,\"ema_adversary_loss\":1.3,"
          + "\"ideal_adversary_loss\":1.3862943611198906,\"lr_multiplier\":1.0}%n", step, 1.0 / step));
      if (step % 10 == 0) {
        evaluations.append(String.format("{\"step\":%d,\"source_samples\":200,\"target_samples\":200,"
            + "\"source_accuracy\":0.95,\"target_accuracy\":%.2f,\"source_loss\":0.2,\"domain_accuracy\":0.55,"
            + "\"domain_loss\":1.37,\"ideal_domain_loss\":1.3862943611198906,\"domain_gap\":0.016}%n", step,
            0.5 + step / 100.0));
      }
    }
    run.writeText(MetricsLog.FILE, metrics.toString());
    run.writeText(MixtureEvaluation.FILE, evaluations.toString());

    String html = RunReport.render(run, "dann");
    for (String plot : new String[] {"Evaluation: accuracy", "Evaluation: held-out domain loss against V*",
        "Evaluation: source_loss", "Evaluation: domain_gap", "Training: task_loss", "Training: source_accuracy",
        "Training: domain_accuracy"}) {
      assertTrue(html.contains("alt=\"" + plot + "\""), "plot " + plot);
    }
    for (String alone : new String[] {"Evaluation: target_accuracy", "Evaluation: source_samples",
        "Evaluation: ideal_domain_loss", "Evaluation: domain_loss\""}) {
      assertFalse(html.contains("alt=\"" + alone), alone + " is not a chart of its own");
    }
    assertTrue(html.contains("<th>eval target_accuracy</th><td>0.9000</td>"), "the summary's last evaluation");
  }
}
