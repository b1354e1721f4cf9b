package ai.equilibrium.report;

import ai.equilibrium.storage.RunDirectory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * report.html: one self-contained page per run (plots and sample grids embedded as PNG data), built from
 * what the run wrote: metrics.jsonl (losses, the adversary loss EMA against V*, the learning-rate
 * multiplier, diagnostics), eval.jsonl (every metric over time) and samples/step-N.png. Plots are drawn
 * with XChart.
 */
public final class RunReport {
  public static final String FILE = "report.html";
  /** Longer series are thinned to about this many points per plot. */
  private static final int MAX_POINTS = 2000;
  /** At most this many sample grids, evenly spaced over the run, always including the last. */
  private static final int MAX_SAMPLE_GRIDS = 12;
  private static final int WIDTH = 640;
  private static final int HEIGHT = 360;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** eval.jsonl fields that are bookkeeping, not metrics. */
  private static final Set<String> EVAL_BOOKKEEPING = Set.of("step", "samples", "real_samples", "modes", "extractor",
      "kid_std", "source_samples", "target_samples", "ideal_domain_loss", "computed_on");
  /** metrics.jsonl fields that the named charts draw, or that are bookkeeping; the rest are the game's diagnostics. */
  private static final Set<String> METRICS_DRAWN = Set.of("step", "loss_adversary", "loss_main", "ema_adversary_loss",
      "ideal_adversary_loss", "lr_multiplier", "lr_adversary", "lr_main", "d_real", "d_fake", "brc_c", "ms_per_step");

  private RunReport() {}

  /** Reads the run's files and writes report.html atomically. */
  public static void write(RunDirectory run, String title) {
    String html = render(run, title);
    run.writeText(FILE, html);
  }

  static String render(RunDirectory run, String title) {
    List<JsonNode> logged = parse(run.readLines(MetricsLog.FILE));
    List<JsonNode> rollbacks = logged.stream().filter(r -> isEvent(r, MetricsLog.ROLLBACK)).toList();
    List<JsonNode> stops = logged.stream().filter(r -> isEvent(r, MetricsLog.DIVERGED)).toList();
    List<JsonNode> metrics = survivingSteps(logged);
    List<JsonNode> evaluations = lastPerStep(parse(run.readLines(EvaluationLog.FILE)));
    StringBuilder body = new StringBuilder();
    body.append("<h1>").append(escape(title)).append("</h1>\n");
    body.append(summary(metrics, evaluations));
    if (!rollbacks.isEmpty()) {
      body.append("<h2>Rollbacks</h2>\n<table>\n<tr><th>step</th><th>what diverged</th><th>back to step</th>")
          .append("<th>learning rates</th></tr>\n");
      for (JsonNode r : rollbacks) {
        body.append("<tr><td>").append(r.path("step").asLong()).append("</td><td>")
            .append(escape(r.path("reason").asText())).append("</td><td>").append(r.path("to_step").asLong())
            .append("</td><td>x").append(String.format("%.4g", r.path("lr_scale").asDouble())).append("</td></tr>\n");
      }
      body.append("</table>\n");
    }
    for (JsonNode stop : stops) {
      body.append("<p><strong>Stopped by the divergence guard</strong>: ")
          .append(escape(stop.path("message").asText(stop.path("reason").asText()))).append("</p>\n");
    }

    List<String> charts = new ArrayList<>();
    chart(charts, "Losses", metrics, lossFields(metrics), null);
    chart(charts, "Adversary loss EMA against V*", metrics, List.of("loss_adversary", "ema_adversary_loss"),
        "ideal_adversary_loss");
    chart(charts, "Adversary learning-rate multiplier", metrics, List.of("lr_multiplier"), null);
    chart(charts, "Discriminator outputs: mean D(x), mean D(G(z))", metrics, List.of("d_real", "d_fake"), null);
    chart(charts, "Best-response coefficient c", metrics, List.of("brc_c"), null);
    chart(charts, "Wall time per step (ms)", metrics, List.of("ms_per_step"), null);
    chart(charts, "Driver memory (MB): resident, its peak, heap used and committed",
        lastPerStep(parse(run.readLines(MemoryLog.FILE))), List.of("resident_mb", "peak_resident_mb", "heap_used_mb",
            "heap_committed_mb"), null);
    for (String field : fields(metrics)) {
      if (!METRICS_DRAWN.contains(field) && !field.startsWith("penalty_")) {
        chart(charts, "Training: " + field, metrics, List.of(field), null);
      }
    }
    // Domain adaptation: the accuracies together (target against source shows the gap adaptation closes), and
    // the held-out domain loss against V*.
    List<String> evaluated = new ArrayList<>(fields(evaluations));
    List<String> accuracies = evaluated.stream().filter(f -> f.endsWith("_accuracy")).toList();
    chart(charts, "Evaluation: accuracy", evaluations, accuracies, null);
    chart(charts, "Evaluation: held-out domain loss against V*", evaluations, List.of("domain_loss"),
        "ideal_domain_loss");
    for (String field : evaluated) {
      if (!EVAL_BOOKKEEPING.contains(field) && !accuracies.contains(field) && !field.equals("domain_loss")) {
        chart(charts, "Evaluation: " + field, evaluations, List.of(field), null);
      }
    }
    body.append("<h2>Training</h2>\n<div class=\"grid\">\n");
    charts.forEach(c -> body.append(c).append('\n'));
    body.append("</div>\n");

    List<String> grids = run.list("samples").stream().filter(n -> n.matches("step-\\d+\\.png"))
        .sorted((a, b) -> Long.compare(stepOf(a), stepOf(b))).toList();
    if (!grids.isEmpty()) {
      body.append("<h2>Samples over time</h2>\n<div class=\"samples\">\n");
      for (String name : evenlySpaced(grids, MAX_SAMPLE_GRIDS)) {
        run.read("samples/" + name).ifPresent(png -> body.append("<figure><img alt=\"samples at step ")
            .append(stepOf(name)).append("\" src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(png)).append("\"><figcaption>step ").append(stepOf(name))
            .append("</figcaption></figure>\n"));
      }
      body.append("</div>\n");
    }
    run.read("config.conf").ifPresent(conf -> body.append("<h2>Configuration</h2>\n<details><summary>config.conf")
        .append("</summary><pre>").append(escape(new String(conf, java.nio.charset.StandardCharsets.UTF_8)))
        .append("</pre></details>\n"));
    return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>%s</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 24px; color: #222; }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(%dpx, 1fr)); gap: 12px; }
        .grid img { width: 100%%; border: 1px solid #ddd; }
        .samples { display: flex; flex-wrap: wrap; gap: 12px; }
        .samples img { width: 220px; image-rendering: pixelated; border: 1px solid #ddd; }
        figure { margin: 0; } figcaption { text-align: center; font-size: 13px; color: #555; }
        table { border-collapse: collapse; } td, th { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: left; }
        pre { background: #f6f6f6; padding: 8px; font-size: 12px; }
        </style></head><body>
        %s</body></html>
        """.formatted(escape(title), WIDTH, body);
  }

  /**
   * The rows of the trajectory that training kept: a rollback to step k drops the rows after k logged before
   * it, so that charts run forward in steps. Event lines themselves are dropped.
   */
  static List<JsonNode> survivingSteps(List<JsonNode> rows) {
    List<JsonNode> kept = new ArrayList<>();
    for (JsonNode row : rows) {
      if (isEvent(row, MetricsLog.ROLLBACK)) {
        long back = row.path("to_step").asLong();
        kept.removeIf(r -> r.path("step").asLong() > back);
      } else if (!row.has("event")) {
        kept.add(row);
      }
    }
    return kept;
  }

  /** Whether a metrics.jsonl line is an event of that kind rather than a step. */
  static boolean isEvent(JsonNode row, String kind) {
    return kind.equals(row.path("event").asText(null));
  }

  /** Evaluations by step, the latest of each (a step evaluated again after a rollback), in step order. */
  static List<JsonNode> lastPerStep(List<JsonNode> rows) {
    Map<Long, JsonNode> byStep = new java.util.TreeMap<>();
    rows.forEach(r -> byStep.put(r.path("step").asLong(), r));
    return new ArrayList<>(byStep.values());
  }

  private static String summary(List<JsonNode> metrics, List<JsonNode> evaluations) {
    Map<String, String> rows = new LinkedHashMap<>();
    if (!metrics.isEmpty()) {
      JsonNode last = metrics.get(metrics.size() - 1);
      rows.put("steps logged", last.path("step").asText());
      for (String f : List.of("loss_adversary", "loss_main", "ema_adversary_loss", "ideal_adversary_loss", "lr_multiplier",
          "ms_per_step")) {
        if (last.hasNonNull(f)) {
          rows.put(f, String.format("%.4g", last.get(f).asDouble()));
        }
      }
    }
    if (!evaluations.isEmpty()) {
      JsonNode last = evaluations.get(evaluations.size() - 1);
      last.fields().forEachRemaining(e -> rows.put("eval " + e.getKey(), e.getValue().isNumber()
          ? String.format("%.4g", e.getValue().asDouble())
          : e.getValue().isArray() ? String.join("; ", JSON.convertValue(e.getValue(), String[].class))
          : e.getValue().asText()));
    }
    StringBuilder table = new StringBuilder("<table>\n");
    rows.forEach((k, v) -> table.append("<tr><th>").append(escape(k)).append("</th><td>").append(escape(v))
        .append("</td></tr>\n"));
    return table.append("</table>\n").toString();
  }

  /** loss_adversary, loss_main and any penalty, in that order. */
  private static List<String> lossFields(List<JsonNode> rows) {
    List<String> fields = new ArrayList<>(List.of("loss_adversary", "loss_main"));
    fields(rows).stream().filter(f -> f.startsWith("penalty_")).forEach(fields::add);
    return fields;
  }

  /** Appends an img of a line chart of {@code fields} against step, with an optional constant reference line. */
  private static void chart(List<String> out, String title, List<JsonNode> rows, List<String> fields, String reference) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("step").build();
    XYStyler styler = chart.getStyler();
    styler.setLegendPosition(Styler.LegendPosition.InsideNE).setMarkerSize(4).setChartBackgroundColor(java.awt.Color.WHITE);
    styler.setXAxisDecimalPattern("#");
    styler.setYAxisDecimalPattern("#,##0.####");
    styler.setXAxisMin(0.0); // round tick positions (0, 500, 1000, ...) rather than multiples of the range from step 1
    int series = 0;
    int stride = Math.max(1, rows.size() / MAX_POINTS);
    List<String> plotted = new ArrayList<>(fields);
    if (reference != null) {
      plotted.add(reference);
    }
    for (String field : plotted) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int i = 0; i < rows.size(); i += stride) {
        JsonNode row = rows.get(i);
        if (row.hasNonNull(field) && row.get(field).isNumber()) {
          xs.add(row.path("step").asDouble());
          ys.add(row.get(field).asDouble());
        }
      }
      if (xs.isEmpty()) {
        continue;
      }
      XYSeries s = chart.addSeries(field.equals(reference) ? field + " (V*)" : field, xs, ys);
      s.setMarker(rows.size() <= 50 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
      series++;
    }
    if (series == 0) {
      return;
    }
    try {
      byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
      out.add("<img alt=\"" + escape(title) + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png)
          + "\">");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render the plot '" + title + "': " + e.getMessage(), e);
    }
  }

  private static Set<String> fields(List<JsonNode> rows) {
    Set<String> fields = new LinkedHashSet<>();
    rows.forEach(r -> r.fieldNames().forEachRemaining(fields::add));
    return fields;
  }

  /** JSON lines; a torn last line (a run still writing) is skipped. */
  private static List<JsonNode> parse(List<String> lines) {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      try {
        rows.add(JSON.readTree(line));
      } catch (IOException e) {
        // a partially written line at the end of a live file
      }
    }
    return rows;
  }

  private static long stepOf(String sampleFile) {
    return Long.parseLong(sampleFile.substring("step-".length(), sampleFile.length() - ".png".length()));
  }

  private static List<String> evenlySpaced(List<String> items, int max) {
    if (items.size() <= max) {
      return items;
    }
    List<String> chosen = new ArrayList<>();
    for (int k = 0; k < max; k++) {
      chosen.add(items.get((int) Math.round(k * (items.size() - 1) / (double) (max - 1))));
    }
    return chosen;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
