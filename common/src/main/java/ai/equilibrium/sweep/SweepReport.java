package ai.equilibrium.sweep;

import ai.equilibrium.report.HtmlCharts;
import ai.equilibrium.report.RunsPage;
import ai.equilibrium.storage.RunDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A sweep's report.html, one self-contained file: per arm the expected best score of k trials against k (the
 * tuning-budget curves), the divergence rate, and each searched number against the score, trial by trial.
 */
public final class SweepReport {
  public static final String FILE = "report.html";
  private static final int WIDTH = 640;
  private static final int HEIGHT = 400;

  private SweepReport() {}

  public static void write(RunDirectory sweep, SweepSpec spec, List<TrialOutcome> outcomes) {
    sweep.writeText(FILE, render(spec, outcomes));
  }

  static String render(SweepSpec spec, List<TrialOutcome> outcomes) {
    Map<String, List<TrialOutcome>> byArm = outcomes.stream().collect(Collectors.groupingBy(TrialOutcome::arm,
        LinkedHashMap::new, Collectors.toList()));
    String metric = spec.metric().field();
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>sweep ")
        .append(escape(spec.name())).append("</title><style>body{font-family:sans-serif;margin:2em}"
            + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
            + "img{display:block;margin:1em 0}</style></head><body>\n");
    html.append("<h1>sweep ").append(escape(spec.name())).append("</h1>\n<p>").append(outcomes.size())
        .append(" trials: ").append(byArm.size()).append(" arms x ").append(spec.trials()).append(" points x ")
        .append(spec.seeds().size()).append(" seeds, from ").append(escape(spec.base())).append("; score: ")
        .append(escape(metric)).append(" (").append(spec.metric().direction() == ExpectedBest.Direction.LOWER_IS_BETTER
            ? "lower" : "higher").append(" is better). E[best of k] is the expectation over all draws of k of an "
            + "arm's finished trials, not one draw.</p>\n");
    html.append("<p><a href=\"").append(RunsPage.FILE).append("\">Every trial</a>: its settings, status, steps and "
        + "scores, one row each (written at the end of the sweep; <code>submit-scripts/report</code> on the sweep's "
        + "folder rewrites it while it runs).</p>\n");
    int maxK = Math.max(1, Math.min(50, spec.trials() * spec.seeds().size()));
    List<Integer> budgets = new ArrayList<>();
    for (int k = 1; k <= maxK; k++) {
      budgets.add(k);
    }
    html.append("<table><tr><th>arm</th><th>trials</th><th>diverged</th>");
    int[] shown = {1, 2, 5, 10, 20};
    for (int k : shown) {
      html.append("<th>E[best of ").append(k).append("]</th>");
    }
    html.append("</tr>\n");
    XYChart curves = chart("E[best " + metric + " of k] against the tuning budget k", "k", metric);
    curves.getStyler().setXAxisDecimalPattern("#");
    byArm.forEach((arm, trials) -> {
      double[] scores = finished(trials);
      html.append("<tr><td style=\"text-align:left\">").append(escape(arm)).append("</td><td>").append(trials.size())
          .append("</td><td>").append(String.format(Locale.ROOT, "%.0f%%",
              100.0 * (trials.size() - scores.length) / trials.size())).append("</td>");
      for (int k : shown) {
        html.append("<td>").append(scores.length == 0 ? "-"
            : String.format(Locale.ROOT, "%.4g", ExpectedBest.of(scores, k, spec.metric().direction()))).append("</td>");
      }
      html.append("</tr>\n");
      if (scores.length > 0) {
        List<Double> ys = budgets.stream().map(k -> ExpectedBest.of(scores, k, spec.metric().direction())).toList();
        curves.addSeries(arm, budgets.stream().map(Integer::doubleValue).toList(), ys).setMarker(SeriesMarkers.NONE);
      }
    });
    html.append("</table>\n");
    image(html, curves);
    for (SearchParameter p : spec.search()) {
      if (p instanceof SearchParameter.Choice) {
        continue;
      }
      XYChart scatter = chart(metric + " against " + p.key(), p.key(), metric);
      scatter.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
      if (p instanceof SearchParameter.LogUniform) {
        scatter.getStyler().setXAxisLogarithmic(true);
      }
      byArm.forEach((arm, trials) -> {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (TrialOutcome t : trials) {
          if (!t.diverged() && Double.isFinite(t.finalScore()) && t.sampled().containsKey(p.key())) {
            xs.add(Double.parseDouble(t.sampled().get(p.key())));
            ys.add(t.finalScore());
          }
        }
        if (!xs.isEmpty()) {
          XYSeries s = scatter.addSeries(arm, xs, ys);
          s.setMarker(SeriesMarkers.CIRCLE);
        }
      });
      if (!scatter.getSeriesMap().isEmpty()) {
        image(html, scatter);
      }
    }
    html.append("<p>Diverged trials (a non-finite loss after the guard's rollbacks, or no finite score) are counted in"
        + " the divergence rate and left out of the curves and plots; every trial is a row of results.csv and "
        + "results.parquet.</p>\n</body></html>\n");
    return html.toString();
  }

  private static double[] finished(List<TrialOutcome> trials) {
    return trials.stream().filter(t -> !t.diverged() && Double.isFinite(t.finalScore()))
        .mapToDouble(TrialOutcome::finalScore).toArray();
  }

  private static XYChart chart(String title, String x, String y) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE).setMarkerSize(6)
        .setChartBackgroundColor(java.awt.Color.WHITE);
    return chart;
  }

  private static void image(StringBuilder html, XYChart chart) {
    html.append(HtmlCharts.img(chart)).append('\n');
  }

  private static String escape(String s) {
    return HtmlCharts.escape(s);
  }
}
