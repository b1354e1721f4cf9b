package ai.equilibrium.nightly;

import ai.equilibrium.sweep.ExpectedBest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A night's verdicts as people and dashboards read them: summary.md, summary.json and junit.xml (one test case
 * per entry, a failure for each regression).
 */
public final class NightSummary {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NightSummary() {}

  /** An entry's verdict tonight. */
  public record EntryResult(SuiteSpec.Entry entry, RegressionCheck.Verdict verdict, double wallSeconds) {}

  /** Whether any entry regressed tonight. */
  public static boolean regressed(List<EntryResult> results) {
    return results.stream().anyMatch(r -> r.verdict().status() == RegressionCheck.Status.REGRESSED);
  }

  /** A number for the table: "-" where there is none (no earlier nights, every seed diverged, no test). */
  private static String cell(String format, double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "-";
  }

  public static String markdown(SuiteSpec suite, String night, List<EntryResult> results) {
    StringBuilder b = new StringBuilder("# Nightly " + suite.name() + ", " + night + "\n\n");
    long regressions = results.stream().filter(r -> r.verdict().status() == RegressionCheck.Status.REGRESSED).count();
    b.append(regressions == 0 ? "No regressions.\n\n" : "**" + regressions + " regression(s).**\n\n");
    b.append("| entry | metric | status | tonight | recent nights | worse by | p (one-sided) | since |\n");
    b.append("|---|---|---|---|---|---|---|---|\n");
    for (EntryResult r : results) {
      RegressionCheck.Verdict v = r.verdict();
      b.append(String.format(Locale.ROOT, "| %s | %s (%s is better) | %s | %s | %s | %s | %s | %s |%n",
          r.entry().name(), r.entry().metric(), r.entry().direction() == ExpectedBest.Direction
              .LOWER_IS_BETTER ? "lower" : "higher", v.status(), cell("%.4g", v.tonightMean()),
          cell("%.4g", v.bandMean()), cell("%+.1f%%", 100 * v.relativeChange()), cell("%.3g", v.pOneSided()),
          v.since().isEmpty() ? "-" : v.since()));
    }
    b.append("\n");
    for (EntryResult r : results) {
      b.append("- ").append(r.entry().name()).append(": ").append(r.verdict().detail()).append("\n");
    }
    return b.toString();
  }

  public static String json(SuiteSpec suite, String night, List<EntryResult> results) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("suite", suite.name());
    root.put("night", night);
    root.put("regressions", results.stream().filter(r -> r.verdict().status() == RegressionCheck.Status.REGRESSED)
        .map(r -> r.entry().name()).toList());
    List<Map<String, Object>> entries = new ArrayList<>();
    for (EntryResult r : results) {
      Map<String, Object> e = new LinkedHashMap<>();
      RegressionCheck.Verdict v = r.verdict();
      e.put("entry", r.entry().name());
      e.put("metric", r.entry().metric());
      e.put("direction", r.entry().direction() == ExpectedBest.Direction.LOWER_IS_BETTER
          ? "lower" : "higher");
      e.put("status", v.status().name().toLowerCase(Locale.ROOT));
      e.put("tonight_mean", finiteOrNull(v.tonightMean()));
      e.put("recent_mean", finiteOrNull(v.bandMean()));
      e.put("relative_worsening", finiteOrNull(v.relativeChange()));
      e.put("p_one_sided", finiteOrNull(v.pOneSided()));
      e.put("since", v.since().isEmpty() ? null : v.since());
      e.put("detail", v.detail());
      entries.add(e);
    }
    root.put("entries", entries);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** One test case per entry, a failure for each regression, so that any CI dashboard shows the suite. */
  public static String junit(SuiteSpec suite, String night, List<EntryResult> results) {
    long failures = results.stream().filter(r -> r.verdict().status() == RegressionCheck.Status.REGRESSED).count();
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append(String.format(Locale.ROOT, "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" "
        + "timestamp=\"%s\" time=\"%.1f\">%n", xml(suite.name() + " " + night), results.size(), failures, xml(night),
        results.stream().mapToDouble(EntryResult::wallSeconds).sum()));
    for (EntryResult r : results) {
      b.append(String.format(Locale.ROOT, "  <testcase classname=\"%s\" name=\"%s\" time=\"%.1f\">", xml(suite.name()),
          xml(r.entry().name() + " " + r.entry().metric()), r.wallSeconds()));
      if (r.verdict().status() == RegressionCheck.Status.REGRESSED) {
        b.append("\n    <failure message=\"").append(xml(r.entry().metric() + " regressed since "
            + r.verdict().since())).append("\">").append(xml(r.verdict().detail())).append("</failure>\n  ");
      } else {
        b.append("<system-out>").append(xml(r.verdict().status() + ": " + r.verdict().detail())).append("</system-out>");
      }
      b.append("</testcase>\n");
    }
    return b.append("</testsuite>\n").toString();
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
