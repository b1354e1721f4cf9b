package ai.equilibrium.nightly;

import ai.equilibrium.nightly.RegressionCheck.Status;
import ai.equilibrium.sweep.ExpectedBest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A night's verdicts as people and dashboards read them: summary.md, summary.json and junit.xml (per entry, one
 * test case for its scores, a failure when they regressed and skipped when inconclusive, and one for its canary,
 * a failure when the canary was not deterministic).
 */
public final class NightSummary {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NightSummary() {}

  /**
   * An entry's verdict tonight.
   *
   * @param tonightRevision the code revision that ran tonight
   * @param commits         for a regression, the commits between the last good night's revision and tonight's
   *                        (one line each), when the job runs from a git checkout that has both
   */
  public record EntryResult(SuiteSpec.Entry entry, RegressionCheck.Verdict verdict, CanaryCheck canary,
      String tonightRevision, List<String> commits, double wallSeconds) {
    public EntryResult {
      commits = List.copyOf(commits);
    }

    public boolean regressed() {
      return verdict.status() == Status.REGRESSED;
    }

    public boolean canaryFailed() {
      return canary != null && canary.status() == CanaryCheck.Status.NONDETERMINISTIC;
    }
  }

  /** Whether a check failed tonight: an entry regressed, or a canary was not deterministic. */
  public static boolean failed(List<EntryResult> results) {
    return results.stream().anyMatch(r -> r.regressed() || r.canaryFailed());
  }

  /** Whether an entry stayed inconclusive after every look. */
  public static boolean inconclusive(List<EntryResult> results) {
    return results.stream().anyMatch(r -> r.verdict().status() == Status.INCONCLUSIVE);
  }

  /** A number for the table: "-" where there is none (no earlier nights, every seed diverged, no test). */
  private static String cell(String format, double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "-";
  }

  private static long count(List<EntryResult> results, Status status) {
    return names(results, status).size();
  }

  private static List<String> names(List<EntryResult> results, Status status) {
    return results.stream().filter(r -> r.verdict().status() == status).map(r -> r.entry().name()).toList();
  }

  public static String markdown(SuiteSpec suite, String night, List<EntryResult> results) {
    StringBuilder b = new StringBuilder("# Nightly " + suite.name() + ", " + night + "\n\n");
    long regressions = count(results, Status.REGRESSED);
    long inconclusive = count(results, Status.INCONCLUSIVE);
    long canaries = results.stream().filter(EntryResult::canaryFailed).count();
    b.append(regressions == 0 ? "No regressions." : "**" + regressions + " regression(s).**");
    if (inconclusive > 0) {
      b.append(" ").append(inconclusive).append(" inconclusive (worse by more than the minimum effect, not "
          + "significantly, after the extra seeds).");
    }
    if (canaries > 0) {
      b.append(" **").append(canaries).append(" canary run(s) not deterministic.**");
    }
    b.append("\n\n| entry | metric | status | tonight (seeds) | recent (scores) | worse by | p (one-sided) "
        + "| detects (80% power) | canary | since |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for (EntryResult r : results) {
      RegressionCheck.Verdict v = r.verdict();
      b.append(String.format(Locale.ROOT, "| %s | %s (%s is better) | %s | %s (%d) | %s (%d) | %s | %s | %s%s | %s "
              + "| %s |%n", r.entry().name(), r.entry().metric(), direction(r.entry()), v.status(),
          cell("%.4g", v.tonightMean()), v.seeds(), cell("%.4g", v.bandMean()), v.bandScores(),
          cell("%+.1f%%", 100 * v.relativeChange()), cell("%.3g", v.pOneSided()),
          cell("%.1f%%", 100 * v.power().detectableRelative()), v.power().underpowered() ? " (underpowered)" : "",
          r.canary() == null ? "-" : r.canary().status(), v.since().isEmpty() ? "-" : v.since()));
    }
    b.append("\n");
    for (EntryResult r : results) {
      b.append("- ").append(r.entry().name()).append(": ").append(r.verdict().detail()).append(". ")
          .append(powerSentence(suite, r)).append(r.canary() == null ? "" : " Canary " + r.canary().detail() + ".")
          .append("\n");
      if (r.regressed()) {
        b.append("  - Revisions: ").append(blame(r)).append("\n");
        r.commits().forEach(c -> b.append("    - ").append(c).append("\n"));
      }
    }
    return b.toString();
  }

  private static String direction(SuiteSpec.Entry entry) {
    return entry.direction() == ExpectedBest.Direction.LOWER_IS_BETTER ? "lower" : "higher";
  }

  /** What the entry can see, in one sentence. */
  static String powerSentence(SuiteSpec suite, EntryResult r) {
    Power p = r.verdict().power();
    int budget = r.entry().seeds() + r.entry().extraSeeds();
    if (!Double.isFinite(p.detectableRelative())) {
      return "Power: not known until the band has two independent scores.";
    }
    String sentence = String.format(Locale.ROOT, "Power: with %d seeds against %d scores it detects a worsening of "
        + "%.1f%% with 80%% power", budget, r.verdict().bandScores(), 100 * p.detectableRelative());
    if (!p.underpowered()) {
      return sentence + ".";
    }
    return sentence + String.format(Locale.ROOT, "; underpowered for the minimum effect of %.1f%%, which %s.",
        100 * suite.minRelativeEffect(), p.seedsNeeded() < 0 ? "no number of seeds a night reaches against a band "
            + "this spread (it needs more nights' scores)" : "needs " + p.seedsNeeded() + " seeds a night");
  }

  private static String blame(EntryResult r) {
    String last = r.verdict().lastGoodNight().isEmpty() ? "no good night on record"
        : "last good night " + r.verdict().lastGoodNight() + " ran " + r.verdict().lastGoodRevision();
    return last + "; tonight ran " + r.tonightRevision()
        + (r.commits().isEmpty() ? "" : "; the commits between them:");
  }

  public static String json(SuiteSpec suite, String night, List<EntryResult> results) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("suite", suite.name());
    root.put("night", night);
    root.put("regressions", names(results, Status.REGRESSED));
    root.put("inconclusive", names(results, Status.INCONCLUSIVE));
    root.put("nondeterministic_canaries", results.stream().filter(EntryResult::canaryFailed)
        .map(r -> r.entry().name()).toList());
    List<Map<String, Object>> entries = new ArrayList<>();
    for (EntryResult r : results) {
      Map<String, Object> e = new LinkedHashMap<>();
      RegressionCheck.Verdict v = r.verdict();
      e.put("entry", r.entry().name());
      e.put("metric", r.entry().metric());
      e.put("direction", direction(r.entry()));
      e.put("status", v.status().name().toLowerCase(Locale.ROOT));
      e.put("look", v.look());
      e.put("looks", r.entry().looks());
      e.put("seeds", v.seeds());
      e.put("tonight_mean", finiteOrNull(v.tonightMean()));
      e.put("recent_mean", finiteOrNull(v.bandMean()));
      e.put("recent_scores", v.bandScores());
      e.put("relative_worsening", finiteOrNull(v.relativeChange()));
      e.put("p_one_sided", finiteOrNull(v.pOneSided()));
      e.put("alpha_per_look", suite.alpha() / r.entry().looks());
      e.put("detectable_relative_worsening", finiteOrNull(v.power().detectableRelative()));
      e.put("seeds_needed_for_min_effect", v.power().seedsNeeded() < 0 ? null : v.power().seedsNeeded());
      e.put("underpowered", v.power().underpowered());
      e.put("since", v.since().isEmpty() ? null : v.since());
      e.put("last_good_night", v.lastGoodNight().isEmpty() ? null : v.lastGoodNight());
      e.put("last_good_revision", v.lastGoodRevision().isEmpty() ? null : v.lastGoodRevision());
      e.put("tonight_revision", r.tonightRevision());
      e.put("commits", r.commits());
      if (r.canary() != null) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("status", r.canary().status().name().toLowerCase(Locale.ROOT));
        c.put("seed", r.canary().tonight().seed());
        c.put("detail", r.canary().detail());
        e.put("canary", c);
      }
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

  /**
   * Per entry a test case for its scores (a failure when they regressed, skipped when inconclusive) and one for its
   * canary (a failure when it was not deterministic), so that any CI dashboard shows the suite.
   */
  public static String junit(SuiteSpec suite, String night, List<EntryResult> results) {
    long failures = count(results, Status.REGRESSED) + results.stream().filter(EntryResult::canaryFailed).count();
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append(String.format(Locale.ROOT, "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" "
        + "skipped=\"%d\" timestamp=\"%s\" time=\"%.1f\">%n", xml(suite.name() + " " + night), 2 * results.size(),
        failures, count(results, Status.INCONCLUSIVE), xml(night),
        results.stream().mapToDouble(EntryResult::wallSeconds).sum()));
    for (EntryResult r : results) {
      RegressionCheck.Verdict v = r.verdict();
      b.append(String.format(Locale.ROOT, "  <testcase classname=\"%s\" name=\"%s\" time=\"%.1f\">", xml(suite.name()),
          xml(r.entry().name() + " " + r.entry().metric()), r.wallSeconds()));
      if (r.regressed()) {
        b.append("\n    <failure message=\"").append(xml(r.entry().metric() + " regressed since " + v.since()))
            .append("\">").append(xml(v.detail() + ". Revisions: " + blame(r) + " " + String.join("; ", r.commits())))
            .append("</failure>\n  ");
      } else if (v.status() == Status.INCONCLUSIVE) {
        b.append("\n    <skipped message=\"").append(xml("inconclusive: " + v.detail())).append("\"/>\n  ");
      } else {
        b.append("<system-out>").append(xml(v.status() + ": " + v.detail() + ". " + powerSentence(suite, r)))
            .append("</system-out>");
      }
      b.append("</testcase>\n");
      if (r.canary() != null) {
        b.append(String.format(Locale.ROOT, "  <testcase classname=\"%s\" name=\"%s\" time=\"0\">", xml(suite.name()),
            xml(r.entry().name() + " canary")));
        if (r.canaryFailed()) {
          b.append("\n    <failure message=\"").append(xml("canary not deterministic")).append("\">")
              .append(xml(r.canary().detail())).append("</failure>\n  ");
        } else {
          b.append("<system-out>").append(xml(r.canary().status() + ": " + r.canary().detail())).append("</system-out>");
        }
        b.append("</testcase>\n");
      }
    }
    return b.append("</testsuite>\n").toString();
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
