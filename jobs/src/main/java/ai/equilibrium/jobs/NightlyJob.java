package ai.equilibrium.jobs;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.data.DataUnavailableException;
import ai.equilibrium.nightly.NightlyReport;
import ai.equilibrium.nightly.RegressionCheck;
import ai.equilibrium.nightly.SuiteSpec;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.sweep.SweepSpec;
import ai.equilibrium.sweep.TrialOutcome;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Runs a nightly suite ({@code submit-scripts/nightly SUITE.conf [--night YYYY-MM-DD] [key=value ...]}, keys in
 * {@code suite-defaults.conf}): every entry at each of its seeds (as a one-point sweep, so an interrupted night
 * resumes), appends the scores to the suite's history (CSV and Parquet), checks each entry against its recent
 * nights ({@link RegressionCheck}), and writes the night's summary (Markdown, JSON, JUnit XML) and the trend
 * report. Exits 1 when an entry regressed, naming it, 2 on bad input, 3 when the suite could not run (a failed
 * Spark job, an unreadable history), so that a scheduler tells a regression from a broken night.
 */
public final class NightlyJob {
  public static final int REGRESSION = 1;
  public static final int BAD_INPUT = 2;
  public static final int FAILED = 3;
  public static final String HISTORY = "history.csv";
  public static final String HISTORY_PARQUET = "history.parquet";
  private static final ObjectMapper JSON = new ObjectMapper();

  private NightlyJob() {}

  /** One seed's score of one entry on one night: a row of the history. */
  public record Row(String night, String entry, long seed, String metric, double value, boolean diverged,
      boolean regressed, String configHash, double wallSeconds) {}

  /** An entry's verdict tonight. */
  public record EntryResult(SuiteSpec.Entry entry, RegressionCheck.Verdict verdict, double wallSeconds) {}

  public static void main(String[] args) {
    List<String> files = new ArrayList<>();
    List<String> overrides = new ArrayList<>();
    String night = LocalDate.now(ZoneOffset.UTC).toString();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        System.out.println("usage: nightly SUITE.conf [--night YYYY-MM-DD] [key=value ...]   (keys: suite-defaults.conf)");
        return;
      } else if (arg.equals("--night") && i + 1 < args.length) {
        night = args[++i];
      } else {
        (arg.contains("=") && !arg.startsWith("-") ? overrides : files).add(arg);
      }
    }
    String suiteNight = night;
    int exit = exitStatus(() -> {
      if (files.size() != 1) {
        throw new IllegalArgumentException("expected one suite file, got " + files);
      }
      SuiteSpec suite = ai.equilibrium.nightly.SuiteFiles.load(files.get(0), overrides);
      try (JavaSparkContext sc = SparkSessions.create(suite.sparkMaster(), suite.sparkConf(), "equilibrium-nightly-"
          + suite.name())) {
        return run(suite, suiteNight, sc, System.out);
      }
    }, System.err);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  /** A night of the suite, as {@link #main} runs it. */
  interface NightRun {
    List<EntryResult> run();
  }

  /**
   * The process's exit status: 0 or 1 ({@link #exitCode}) for a night that ran; 2 for bad input, with its message;
   * 3 when anything else stopped it, with the stack trace. The JVM's own status for an uncaught exception (1) would
   * read as a regression.
   */
  static int exitStatus(NightRun night, PrintStream err) {
    try {
      return exitCode(night.run());
    } catch (ConfigError | DataUnavailableException | IllegalArgumentException e) {
      err.println("equilibrium: " + e.getMessage());
      return BAD_INPUT;
    } catch (RuntimeException | Error e) {
      err.println("equilibrium: the nightly suite could not run: " + e);
      e.printStackTrace(err);
      return FAILED;
    }
  }

  /** 1 when an entry regressed, else 0. */
  public static int exitCode(List<EntryResult> results) {
    return results.stream().anyMatch(r -> r.verdict().status() == RegressionCheck.Status.REGRESSED) ? REGRESSION : 0;
  }

  public static List<EntryResult> run(SuiteSpec suite, String night, JavaSparkContext sc, PrintStream out) {
    if (!night.matches("[0-9A-Za-z_.:-]+")) {
      throw new IllegalArgumentException("--night must be a plain name such as 2026-12-04, got '" + night + "'");
    }
    RunDirectory dir = new RunDirectory(suite.directory());
    // a night run again replaces its own rows
    List<Row> history = new ArrayList<>(readHistory(dir).stream().filter(r -> !r.night().equals(night)).toList());
    List<EntryResult> results = new ArrayList<>();
    List<Row> tonight = new ArrayList<>();
    for (SuiteSpec.Entry entry : suite.entries()) {
      SweepSpec spec = new SweepSpec(entry.name(), entry.config(), entry.overrides(), List.of(),
          List.of(new SweepSpec.Arm(entry.name(), Map.of())), 1, entry.seeds(), 1,
          new SweepSpec.Metric(entry.metric(), entry.direction()), SweepSpec.Placement.AUTO,
          suite.directory() + "/nights/" + night, suite.sparkMaster(), suite.sparkConf());
      List<TrialOutcome> outcomes = SweepJob.run(spec, sc, out);
      double[] scores = outcomes.stream().filter(o -> !o.diverged() && Double.isFinite(o.finalScore()))
          .mapToDouble(TrialOutcome::finalScore).toArray();
      boolean diverged = outcomes.stream().anyMatch(TrialOutcome::diverged);
      RegressionCheck.Verdict verdict = RegressionCheck.check(night, scores, diverged, nights(history, entry.name()),
          entry.direction(), suite.historyNights(), suite.alpha(), suite.minRelativeEffect());
      boolean regressed = verdict.status() == RegressionCheck.Status.REGRESSED;
      for (TrialOutcome o : outcomes) {
        tonight.add(new Row(night, entry.name(), o.seed(), entry.metric(), o.finalScore(), o.diverged(), regressed,
            o.configHash(), o.wallSeconds()));
      }
      results.add(new EntryResult(entry, verdict, outcomes.stream().mapToDouble(TrialOutcome::wallSeconds).sum()));
      out.printf(Locale.ROOT, "equilibrium: nightly %s %s: %s, %s%n", suite.name(), entry.name(), verdict.status(),
          verdict.detail());
    }
    history.addAll(tonight);
    history.sort(Comparator.comparing(Row::night).thenComparing(Row::entry).thenComparingLong(Row::seed));
    dir.writeText(HISTORY, historyCsv(history));
    writeParquet(sc, history, dir.path(HISTORY_PARQUET).toString());
    String nightDir = "nights/" + night + "/";
    dir.writeText(nightDir + "summary.md", markdown(suite, night, results));
    dir.writeText(nightDir + "summary.json", json(suite, night, results));
    dir.writeText(nightDir + "junit.xml", junit(suite, night, results));
    NightlyReport.write(dir, suite, history.stream().map(r -> new NightlyReport.Point(r.night(), r.entry(), r.metric(),
        r.value(), r.diverged(), r.regressed())).toList());
    long regressions = results.stream().filter(r -> r.verdict().status() == RegressionCheck.Status.REGRESSED).count();
    out.printf(Locale.ROOT, "equilibrium: nightly %s %s: %d of %d entries regressed; summary %s, trend %s%n",
        suite.name(), night, regressions, results.size(), dir.path(nightDir + "summary.md"), dir.path(NightlyReport.FILE));
    return results;
  }

  /** The entry's earlier nights, oldest first. */
  private static List<RegressionCheck.Night> nights(List<Row> history, String entry) {
    Map<String, List<Row>> byNight = new TreeMap<>();
    history.stream().filter(r -> r.entry().equals(entry)).forEach(r -> byNight.computeIfAbsent(r.night(),
        n -> new ArrayList<>()).add(r));
    List<RegressionCheck.Night> out = new ArrayList<>();
    byNight.forEach((night, rows) -> out.add(new RegressionCheck.Night(night, rows.stream()
        .filter(r -> !r.diverged() && Double.isFinite(r.value())).mapToDouble(Row::value).toArray(),
        rows.stream().anyMatch(Row::diverged), rows.stream().anyMatch(Row::regressed))));
    return out;
  }

  static List<Row> readHistory(RunDirectory dir) {
    List<Row> rows = new ArrayList<>();
    List<String> lines = dir.readLines(HISTORY);
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",", -1);
      if (f.length < 9) {
        throw new IllegalArgumentException(dir.path(HISTORY) + " line " + (i + 1) + " has " + f.length
            + " fields, expected 9: " + lines.get(i));
      }
      rows.add(new Row(f[0], f[1], Long.parseLong(f[2]), f[3], Double.parseDouble(f[4]), Boolean.parseBoolean(f[5]),
          Boolean.parseBoolean(f[6]), f[7], Double.parseDouble(f[8])));
    }
    return rows;
  }

  static String historyCsv(List<Row> rows) {
    StringBuilder b = new StringBuilder("night,entry,seed,metric,value,diverged,regressed,config_hash,wall_seconds\n");
    for (Row r : rows) {
      b.append(r.night()).append(',').append(r.entry()).append(',').append(r.seed()).append(',').append(r.metric())
          .append(',').append(r.value()).append(',').append(r.diverged()).append(',').append(r.regressed()).append(',')
          .append(r.configHash()).append(',').append(String.format(Locale.ROOT, "%.1f", r.wallSeconds())).append('\n');
    }
    return b.toString();
  }

  private static void writeParquet(JavaSparkContext sc, List<Row> rows, String path) {
    StructType schema = new StructType()
        .add("night", DataTypes.StringType, false).add("entry", DataTypes.StringType, false)
        .add("seed", DataTypes.LongType, false).add("metric", DataTypes.StringType, false)
        .add("value", DataTypes.DoubleType, false).add("diverged", DataTypes.BooleanType, false)
        .add("regressed", DataTypes.BooleanType, false).add("config_hash", DataTypes.StringType, false)
        .add("wall_seconds", DataTypes.DoubleType, false);
    List<org.apache.spark.sql.Row> data = rows.stream().map(r -> RowFactory.create(r.night(), r.entry(), r.seed(),
        r.metric(), r.value(), r.diverged(), r.regressed(), r.configHash(), r.wallSeconds())).toList();
    SparkSession.builder().sparkContext(sc.sc()).getOrCreate().createDataFrame(data, schema).coalesce(1).write()
        .mode(SaveMode.Overwrite).parquet(path);
  }

  /** A number for the table: "-" where there is none (no earlier nights, every seed diverged, no test). */
  private static String cell(String format, double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "-";
  }

  static String markdown(SuiteSpec suite, String night, List<EntryResult> results) {
    StringBuilder b = new StringBuilder("# Nightly " + suite.name() + ", " + night + "\n\n");
    long regressions = results.stream().filter(r -> r.verdict().status() == RegressionCheck.Status.REGRESSED).count();
    b.append(regressions == 0 ? "No regressions.\n\n" : "**" + regressions + " regression(s).**\n\n");
    b.append("| entry | metric | status | tonight | recent nights | worse by | p (one-sided) | since |\n");
    b.append("|---|---|---|---|---|---|---|---|\n");
    for (EntryResult r : results) {
      RegressionCheck.Verdict v = r.verdict();
      b.append(String.format(Locale.ROOT, "| %s | %s (%s is better) | %s | %s | %s | %s | %s | %s |%n",
          r.entry().name(), r.entry().metric(), r.entry().direction() == ai.equilibrium.sweep.ExpectedBest.Direction
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

  static String json(SuiteSpec suite, String night, List<EntryResult> results) {
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
      e.put("direction", r.entry().direction() == ai.equilibrium.sweep.ExpectedBest.Direction.LOWER_IS_BETTER
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
  static String junit(SuiteSpec suite, String night, List<EntryResult> results) {
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
