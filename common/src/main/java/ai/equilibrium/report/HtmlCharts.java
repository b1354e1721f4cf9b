package ai.equilibrium.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/** What the self-contained HTML reports share: a chart as an inline PNG, and escaped text. */
public final class HtmlCharts {
  private HtmlCharts() {}

  /** An img element holding the chart as a base64 PNG, so the report is one file. */
  public static String img(XYChart chart) {
    try {
      byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
      return "<img alt=\"" + escape(chart.getTitle()) + "\" src=\"data:image/png;base64,"
          + Base64.getEncoder().encodeToString(png) + "\">";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render the plot '" + chart.getTitle() + "': " + e.getMessage(), e);
    }
  }

  public static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
