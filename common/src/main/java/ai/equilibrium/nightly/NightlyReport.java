package ai.equilibrium.nightly;

import ai.equilibrium.report.HtmlCharts;
import ai.equilibrium.report.RunsPage;
import ai.equilibrium.storage.RunDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A nightly suite's trend page (report.html): per entry, each night's fresh seeds' scores and their mean and the
 * canary's score, night by night, regressed nights marked, with a table of the recent nights: revision, verdict,
 * the worsening the night could detect, the canary.
 */
public final class NightlyReport {
  public static final String FILE = "report.html";
  private static final int RECENT_ROWS = 14;

  private NightlyReport() {}

  public static void write(RunDirectory suiteDirectory, SuiteSpec suite, List<NightlyHistory.Row> history) {
    suiteDirectory.writeText(FILE, render(suite, history));
  }

  static String render(SuiteSpec suite, List<NightlyHistory.Row> history) {
    List<String> nights = history.stream().map(NightlyHistory.Row::night).distinct().sorted().toList();
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>nightly ")
        .append(escape(suite.name())).append("</title><style>body{font-family:sans-serif;margin:2em}"
            + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
            + ".regressed{background:#fdd}</style></head><body>\n<h1>nightly ").append(escape(suite.name()))
        .append("</h1>\n<p>").append(nights.size()).append(" nights, ").append(nights.isEmpty() ? "" : nights.get(0)
            + " to " + nights.get(nights.size() - 1)).append(". A night regresses when its fresh seeds are worse than the ")
        .append("independent scores of the last ").append(suite.historyNights()).append(" good nights by a one-sided ")
        .append("permutation test at ").append(suite.alpha()).append(" (split between a night's looks) and by more ")
        .append("than ").append(String.format(Locale.ROOT, "%.0f%%", 100 * suite.minRelativeEffect()))
        .append("; worse by more, not significantly, is inconclusive. The canary is one seed run every night: at ")
        .append("an unchanged revision it repeats its score bit for bit.</p>\n<p><a href=\"").append(RunsPage.FILE).append("\">Every run of every night</a>: its "
            + "settings, status, steps and scores, one row each.</p>\n");
    Map<String, List<NightlyHistory.Row>> byEntry = new LinkedHashMap<>();
    history.forEach(p -> byEntry.computeIfAbsent(p.entry(), e -> new ArrayList<>()).add(p));
    byEntry.forEach((entry, points) -> {
      String metric = points.get(0).metric();
      html.append("<h2>").append(escape(entry)).append(": ").append(escape(metric)).append("</h2>\n");
      XYChart chart = new XYChartBuilder().width(720).height(320).title(entry + ": " + metric + " by night")
          .xAxisTitle("night (1 = " + nights.get(0) + ")").yAxisTitle(metric).build();
      chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE).setMarkerSize(6)
          .setChartBackgroundColor(java.awt.Color.WHITE);
      chart.getStyler().setXAxisDecimalPattern("#");
      Map<String, List<NightlyHistory.Row>> byNight = new TreeMap<>();
      points.stream().filter(p -> p.role() != NightlyHistory.Role.CANARY)
          .forEach(p -> byNight.computeIfAbsent(p.night(), n -> new ArrayList<>()).add(p));
      Map<String, NightlyHistory.Row> canaries = new TreeMap<>();
      points.stream().filter(p -> p.role() == NightlyHistory.Role.CANARY).forEach(p -> canaries.put(p.night(), p));
      List<Double> seedX = new ArrayList<>();
      List<Double> seedY = new ArrayList<>();
      List<Double> meanX = new ArrayList<>();
      List<Double> meanY = new ArrayList<>();
      List<Double> badX = new ArrayList<>();
      List<Double> badY = new ArrayList<>();
      byNight.forEach((night, ps) -> {
        double x = nights.indexOf(night) + 1;
        double[] finite = ps.stream().filter(p -> !p.diverged() && Double.isFinite(p.value()))
            .mapToDouble(NightlyHistory.Row::value).toArray();
        for (double v : finite) {
          seedX.add(x);
          seedY.add(v);
        }
        if (finite.length > 0) {
          double mean = java.util.Arrays.stream(finite).average().orElseThrow();
          meanX.add(x);
          meanY.add(mean);
          if (ps.get(0).regressed()) {
            badX.add(x);
            badY.add(mean);
          }
        }
      });
      if (!meanX.isEmpty()) {
        XYSeries seeds = chart.addSeries("seeds", seedX, seedY);
        seeds.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        seeds.setMarker(SeriesMarkers.CIRCLE);
        chart.addSeries("mean", meanX, meanY).setMarker(SeriesMarkers.DIAMOND);
        if (!badX.isEmpty()) {
          XYSeries bad = chart.addSeries("regressed", badX, badY);
          bad.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
          bad.setMarker(SeriesMarkers.SQUARE);
          bad.setMarkerColor(java.awt.Color.RED);
        }
        image(html, chart);
      }
      html.append("<table><tr><th>night</th><th>revision</th><th>status</th><th>mean</th><th>seeds</th>"
          + "<th>diverged</th><th>detects (80% power)</th><th>canary</th></tr>\n");
      List<String> recent = new ArrayList<>(byNight.keySet());
      for (String night : recent.subList(Math.max(0, recent.size() - RECENT_ROWS), recent.size())) {
        List<NightlyHistory.Row> ps = byNight.get(night);
        NightlyHistory.Row first = ps.get(0);
        double[] finite = ps.stream().filter(p -> !p.diverged() && Double.isFinite(p.value()))
            .mapToDouble(NightlyHistory.Row::value).toArray();
        NightlyHistory.Row canary = canaries.get(night);
        html.append("<tr").append(first.regressed() ? " class=\"regressed\"" : "").append("><td>")
            .append(escape(night)).append("</td><td>").append(escape(CanaryCheck.shortRevision(first.codeRevision())))
            .append("</td><td>").append(escape(first.status().isEmpty() ? "-" : first.status())).append("</td><td>")
            .append(finite.length == 0 ? "-" : String.format(Locale.ROOT, "%.4g",
                java.util.Arrays.stream(finite).average().orElseThrow())).append("</td><td>")
            .append(ps.size()).append("</td><td>").append(ps.stream().filter(NightlyHistory.Row::diverged).count())
            .append("</td><td>").append(Double.isFinite(first.detectable()) ? String.format(Locale.ROOT, "%.1f%%",
                100 * first.detectable()) : "-").append("</td><td>")
            .append(canary == null ? "-" : canary.diverged() ? "diverged" : String.format(Locale.ROOT, "%.6g",
                canary.value())).append("</td></tr>\n");
      }
      html.append("</table>\n");
    });
    return html.append("</body></html>\n").toString();
  }

  private static void image(StringBuilder html, XYChart chart) {
    html.append(HtmlCharts.img(chart)).append('\n');
  }

  private static String escape(String s) {
    return HtmlCharts.escape(s);
  }
}
