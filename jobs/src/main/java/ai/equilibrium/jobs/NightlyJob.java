package ai.equilibrium.jobs;

import ai.equilibrium.nightly.NightSummary;
import ai.equilibrium.nightly.NightlyHistory;
import ai.equilibrium.nightly.NightlyReport;
import ai.equilibrium.nightly.RegressionCheck;
import ai.equilibrium.nightly.SuiteFiles;
import ai.equilibrium.nightly.SuiteSpec;
import ai.equilibrium.storage.FolderLease;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.sweep.SweepSpec;
import ai.equilibrium.sweep.TrialOutcome;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.RowFactory;
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
  public static final String HISTORY_PARQUET = "history.parquet";
  static final JobMain.Spec SPEC = new JobMain.Spec(
      "usage: nightly SUITE.conf [--night YYYY-MM-DD] [key=value ...]   (keys: suite-defaults.conf)",
      Set.of("night"), Set.of(), NightlyJob::run);

  private NightlyJob() {}

  public static void main(String[] args) {
    JobMain.main(args, SPEC);
  }

  private static ExitStatus run(JobArguments args, PrintStream out) {
    String night = args.option("night").orElse(LocalDate.now(ZoneOffset.UTC).toString());
    SuiteSpec suite = SuiteFiles.load(args.positionals(1, "one suite file").get(0), args.assignments());
    checkNight(night);
    try (FolderLease lease = lease(suite, out);
        JavaSparkContext sc = SparkSessions.create(suite.sparkMaster(), suite.sparkConf(), "equilibrium-nightly-"
            + suite.name())) {
      return exitStatus(run(suite, night, new RunDirectory(suite.directory()), sc, out));
    }
  }

  /** A regression fails the night's check; anything else that ran is done. */
  static ExitStatus exitStatus(List<NightSummary.EntryResult> results) {
    return NightSummary.regressed(results) ? ExitStatus.CHECK_FAILED : ExitStatus.OK;
  }

  public static List<NightSummary.EntryResult> run(SuiteSpec suite, String night, JavaSparkContext sc,
      PrintStream out) {
    checkNight(night);
    try (FolderLease lease = lease(suite, out)) {
      return run(suite, night, new RunDirectory(suite.directory()), sc, out);
    }
  }

  private static void checkNight(String night) {
    if (!night.matches("[0-9A-Za-z_.:-]+")) {
      throw new IllegalArgumentException("--night must be a plain name such as 2026-12-04, got '" + night + "'");
    }
  }

  /** One nightly process per suite folder: its sweeps, history and reports are written under it. */
  private static FolderLease lease(SuiteSpec suite, PrintStream out) {
    return FolderLease.acquire(suite.directory(), "the nightly suite " + suite.name(), out);
  }

  private static List<NightSummary.EntryResult> run(SuiteSpec suite, String night, RunDirectory dir,
      JavaSparkContext sc, PrintStream out) {
    // a night run again replaces its own rows
    List<NightlyHistory.Row> history = new ArrayList<>(NightlyHistory.read(dir).stream()
        .filter(r -> !r.night().equals(night)).toList());
    List<NightSummary.EntryResult> results = new ArrayList<>();
    List<NightlyHistory.Row> tonight = new ArrayList<>();
    for (SuiteSpec.Entry entry : suite.entries()) {
      SweepSpec spec = new SweepSpec(entry.name(), entry.config(), entry.overrides(), List.of(),
          List.of(new SweepSpec.Arm(entry.name(), Map.of())), 1, entry.seeds(), 1,
          new SweepSpec.Metric(entry.metric(), entry.direction()), SweepSpec.Placement.AUTO,
          suite.directory() + "/nights/" + night, suite.sparkMaster(), suite.sparkConf());
      List<TrialOutcome> outcomes = SweepRunner.run(spec, sc, out);
      double[] scores = outcomes.stream().filter(o -> !o.diverged() && Double.isFinite(o.finalScore()))
          .mapToDouble(TrialOutcome::finalScore).toArray();
      boolean diverged = outcomes.stream().anyMatch(TrialOutcome::diverged);
      RegressionCheck.Verdict verdict = RegressionCheck.check(night, scores, diverged,
          NightlyHistory.nights(history, entry.name()), entry.direction(), suite.historyNights(), suite.alpha(),
          suite.minRelativeEffect());
      boolean regressed = verdict.status() == RegressionCheck.Status.REGRESSED;
      for (TrialOutcome o : outcomes) {
        tonight.add(new NightlyHistory.Row(night, entry.name(), o.seed(), entry.metric(), o.finalScore(),
            o.diverged(), regressed, o.configHash(), o.wallSeconds(), o.codeRevision(), o.dataHash()));
      }
      results.add(new NightSummary.EntryResult(entry, verdict,
          outcomes.stream().mapToDouble(TrialOutcome::wallSeconds).sum()));
      out.printf(Locale.ROOT, "equilibrium: nightly %s %s: %s, %s%n", suite.name(), entry.name(), verdict.status(),
          verdict.detail());
    }
    history.addAll(tonight);
    history.sort(Comparator.comparing(NightlyHistory.Row::night).thenComparing(NightlyHistory.Row::entry)
        .thenComparingLong(NightlyHistory.Row::seed));
    dir.writeText(NightlyHistory.FILE, NightlyHistory.csv(history));
    writeParquet(sc, history, dir.path(HISTORY_PARQUET).toString());
    String nightDir = "nights/" + night + "/";
    dir.writeText(nightDir + "summary.md", NightSummary.markdown(suite, night, results));
    dir.writeText(nightDir + "summary.json", NightSummary.json(suite, night, results));
    dir.writeText(nightDir + "junit.xml", NightSummary.junit(suite, night, results));
    NightlyReport.write(dir, suite, history.stream().map(r -> new NightlyReport.Point(r.night(), r.entry(), r.metric(),
        r.value(), r.diverged(), r.regressed())).toList());
    SweepRunner.writeRunsPage(dir, out);
    long regressions = results.stream().filter(r -> r.verdict().status() == RegressionCheck.Status.REGRESSED).count();
    out.printf(Locale.ROOT, "equilibrium: nightly %s %s: %d of %d entries regressed; summary %s, trend %s%n",
        suite.name(), night, regressions, results.size(), dir.path(nightDir + "summary.md"), dir.path(NightlyReport.FILE));
    return results;
  }

  private static void writeParquet(JavaSparkContext sc, List<NightlyHistory.Row> rows, String path) {
    StructType schema = new StructType()
        .add("night", DataTypes.StringType, false).add("entry", DataTypes.StringType, false)
        .add("seed", DataTypes.LongType, false).add("metric", DataTypes.StringType, false)
        .add("value", DataTypes.DoubleType, false).add("diverged", DataTypes.BooleanType, false)
        .add("regressed", DataTypes.BooleanType, false).add("config_hash", DataTypes.StringType, false)
        .add("wall_seconds", DataTypes.DoubleType, false).add("code_revision", DataTypes.StringType, false)
        .add("data_hash", DataTypes.StringType, false);
    ParquetTables.write(sc, schema, rows.stream().map(r -> RowFactory.create(r.night(), r.entry(), r.seed(),
        r.metric(), r.value(), r.diverged(), r.regressed(), r.configHash(), r.wallSeconds(), r.codeRevision(),
        r.dataHash())).toList(), path);
  }
}
