package ai.equilibrium.jobs;

import ai.equilibrium.backend.ProcessorKind;
import ai.equilibrium.nightly.CanaryCheck;
import ai.equilibrium.nightly.NightSummary;
import ai.equilibrium.nightly.NightlySeeds;
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
 * nights ({@link RegressionCheck}), runs an inconclusive entry's extra seeds, compares each canary with its last
 * run ({@link CanaryCheck}), and writes the night's summary (Markdown, JSON, JUnit XML) and the trend report.
 * Exits 1 when an entry regressed or a canary did not repeat, naming it, 2 on bad input, 3 when the suite could
 * not run (a failed Spark job, an unreadable history), 4 when an entry stayed inconclusive, so that a scheduler
 * tells a regression from a broken night.
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

  /**
   * A regression or a canary that did not repeat fails the night's check; an entry still inconclusive after its
   * extra seeds has its own status; anything else that ran is done.
   */
  static ExitStatus exitStatus(List<NightSummary.EntryResult> results) {
    return NightSummary.failed(results) ? ExitStatus.CHECK_FAILED
        : NightSummary.inconclusive(results) ? ExitStatus.INCONCLUSIVE : ExitStatus.OK;
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
    String processor = ProcessorKind.current().toString();
    for (SuiteSpec.Entry entry : suite.entries()) {
      EntryNight entryNight = judge(suite, entry, night, history, sc, out);
      RegressionCheck.Verdict verdict = entryNight.verdict();
      List<NightlyHistory.Row> rows = entryNight.rows(night, entry, processor);
      tonight.addAll(rows);
      CanaryCheck canary = CanaryCheck.of(rows.get(0), NightlyHistory.canaries(history, entry.name()));
      String revision = rows.get(0).codeRevision();
      List<String> commits = verdict.status() == RegressionCheck.Status.REGRESSED
          ? GitHistory.between(verdict.lastGoodRevision(), revision) : List.of();
      results.add(new NightSummary.EntryResult(entry, verdict, canary, revision, commits,
          entryNight.outcomes().stream().mapToDouble(TrialOutcome::wallSeconds).sum()));
      out.printf(Locale.ROOT, "equilibrium: nightly %s %s: %s, %s; canary %s%n", suite.name(), entry.name(),
          verdict.status(), verdict.detail(), canary.status());
    }
    history.addAll(tonight);
    history.sort(Comparator.comparing(NightlyHistory.Row::night).thenComparing(NightlyHistory.Row::entry)
        .thenComparing(NightlyHistory.Row::role).thenComparingLong(NightlyHistory.Row::seed));
    dir.writeText(NightlyHistory.FILE, NightlyHistory.csv(history));
    writeParquet(sc, history, dir.path(HISTORY_PARQUET).toString());
    String nightDir = "nights/" + night + "/";
    dir.writeText(nightDir + "summary.md", NightSummary.markdown(suite, night, results));
    dir.writeText(nightDir + "summary.json", NightSummary.json(suite, night, results));
    dir.writeText(nightDir + "junit.xml", NightSummary.junit(suite, night, results));
    NightlyReport.write(dir, suite, history);
    SweepRunner.writeRunsPage(dir, out);
    long regressions = results.stream().filter(NightSummary.EntryResult::regressed).count();
    out.printf(Locale.ROOT, "equilibrium: nightly %s %s: %d of %d entries regressed; summary %s, trend %s%n",
        suite.name(), night, regressions, results.size(), dir.path(nightDir + "summary.md"), dir.path(NightlyReport.FILE));
    return results;
  }

  /** An entry's night: its runs (the canary first, then the fresh seeds in draw order) and the verdict on them. */
  private record EntryNight(List<TrialOutcome> outcomes, int firstLookSeeds, RegressionCheck.Verdict verdict) {
    List<NightlyHistory.Row> rows(String night, SuiteSpec.Entry entry, String processor) {
      List<NightlyHistory.Row> rows = new ArrayList<>();
      boolean regressed = verdict.status() == RegressionCheck.Status.REGRESSED;
      for (int i = 0; i < outcomes.size(); i++) {
        TrialOutcome o = outcomes.get(i);
        NightlyHistory.Role role = i == 0 ? NightlyHistory.Role.CANARY : i <= firstLookSeeds
            ? NightlyHistory.Role.FRESH : NightlyHistory.Role.EXTRA;
        rows.add(new NightlyHistory.Row(night, entry.name(), o.seed(), entry.metric(), o.finalScore(), o.diverged(),
            regressed, o.configHash(), o.wallSeconds(), o.codeRevision(), o.dataHash(), role, processor,
            verdict.status().name(), verdict.power().detectableRelative()));
      }
      return rows;
    }
  }

  /**
   * Runs the entry's canary and first fresh seeds and judges them; when that look is inconclusive and the entry has
   * extra seeds, runs those too (the finished runs are kept) and judges every fresh seed at the second look.
   */
  private static EntryNight judge(SuiteSpec suite, SuiteSpec.Entry entry, String night,
      List<NightlyHistory.Row> history, JavaSparkContext sc, PrintStream out) {
    int budget = entry.seeds() + entry.extraSeeds();
    List<Long> fresh = NightlySeeds.fresh(suite.name(), entry.name(), night, budget);
    RegressionCheck.Rules rules = new RegressionCheck.Rules(suite.historyNights(), suite.alpha(),
        suite.minRelativeEffect(), entry.looks());
    List<RegressionCheck.Night> nights = NightlyHistory.nights(history, entry.name());
    int seeds = entry.seeds();
    for (int look = 1; ; look++) {
      List<Long> runSeeds = new ArrayList<>(List.of(entry.canarySeed()));
      runSeeds.addAll(fresh.subList(0, seeds));
      List<TrialOutcome> outcomes = runSeeds(suite, entry, night, runSeeds, sc, out);
      List<TrialOutcome> scored = outcomes.subList(1, outcomes.size());
      double[] scores = scored.stream().filter(o -> !o.diverged() && Double.isFinite(o.finalScore()))
          .mapToDouble(TrialOutcome::finalScore).toArray();
      RegressionCheck.Verdict verdict = RegressionCheck.check(night, scores,
          scored.stream().anyMatch(TrialOutcome::diverged), nights, entry.direction(), rules, look, budget,
          NightlySeeds.relabelSeed(suite.name(), entry.name(), night, look));
      if (verdict.status() != RegressionCheck.Status.INCONCLUSIVE || look == entry.looks()) {
        return new EntryNight(outcomes, entry.seeds(), verdict);
      }
      out.printf(Locale.ROOT, "equilibrium: nightly %s %s: inconclusive at look %d (%s); running %d extra seeds%n",
          suite.name(), entry.name(), look, verdict.detail(), entry.extraSeeds());
      seeds = budget;
    }
  }

  private static List<TrialOutcome> runSeeds(SuiteSpec suite, SuiteSpec.Entry entry, String night, List<Long> seeds,
      JavaSparkContext sc, PrintStream out) {
    SweepSpec spec = new SweepSpec(entry.name(), entry.config(), entry.overrides(), List.of(),
        List.of(new SweepSpec.Arm(entry.name(), Map.of())), 1, seeds, 1,
        new SweepSpec.Metric(entry.metric(), entry.direction()), SweepSpec.Placement.AUTO,
        suite.directory() + "/nights/" + night, suite.sparkMaster(), suite.sparkConf());
    return SweepRunner.run(spec, sc, out);
  }

  private static void writeParquet(JavaSparkContext sc, List<NightlyHistory.Row> rows, String path) {
    StructType schema = new StructType()
        .add("night", DataTypes.StringType, false).add("entry", DataTypes.StringType, false)
        .add("seed", DataTypes.LongType, false).add("metric", DataTypes.StringType, false)
        .add("value", DataTypes.DoubleType, false).add("diverged", DataTypes.BooleanType, false)
        .add("regressed", DataTypes.BooleanType, false).add("config_hash", DataTypes.StringType, false)
        .add("wall_seconds", DataTypes.DoubleType, false).add("code_revision", DataTypes.StringType, false)
        .add("data_hash", DataTypes.StringType, false).add("role", DataTypes.StringType, false)
        .add("processor", DataTypes.StringType, false).add("status", DataTypes.StringType, false)
        .add("detectable", DataTypes.DoubleType, false);
    ParquetTables.write(sc, schema, rows.stream().map(r -> RowFactory.create(r.night(), r.entry(), r.seed(),
        r.metric(), r.value(), r.diverged(), r.regressed(), r.configHash(), r.wallSeconds(), r.codeRevision(),
        r.dataHash(), r.role().key(), r.processor(), r.status(), r.detectable())).toList(), path);
  }
}
