package ai.equilibrium.jobs;

import ai.equilibrium.backend.ShardExecutor;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.experiment.GameType;
import ai.equilibrium.experiment.TrainingRun;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.report.RunSummary;
import ai.equilibrium.report.RunsPage;
import ai.equilibrium.spark.SparkBackends;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.sweep.ExpectedBest;
import ai.equilibrium.sweep.SweepReport;
import ai.equilibrium.sweep.SweepSpec;
import ai.equilibrium.sweep.SweepTrial;
import ai.equilibrium.sweep.TrialOutcome;
import ai.equilibrium.sweep.TrialRunner;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Runs a sweep's trials that have no outcome yet, each into its own run directory with its outcome written to
 * {@code results/ID.json} as soon as it ends, so that a restarted sweep runs only the rest. Small models run many
 * trials at once, each a Spark task training in-process; large models one trial after another on the whole
 * cluster. At the end: {@code results.csv} and {@code results.parquet} (one row per trial), report.html and, per
 * arm, the divergence rate and the expected best score of k trials. The sweep job and the nightly job both run
 * their trials here.
 */
final class SweepRunner {
  public static final String RESULTS = "results";
  public static final String TABLE = "results.csv";
  public static final String PARQUET = "results.parquet";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int[] BUDGETS = {1, 2, 5, 10, 20};

  private SweepRunner() {}

  /**
   * Runs the trials that have no outcome yet and returns every trial's outcome, in the sweep's order. The caller
   * holds the {@link ai.equilibrium.storage.FolderLease} of a folder around the sweep's: SweepJob the sweep's own,
   * NightlyJob its suite's.
   */
  public static List<TrialOutcome> run(SweepSpec spec, JavaSparkContext sc, PrintStream out) {
    RunDirectory sweep = new RunDirectory(spec.directory());
    List<SweepTrial> all = spec.plan();
    Map<String, TrialOutcome> done = finished(sweep);
    List<SweepTrial> pending = all.stream().filter(t -> !done.containsKey(t.id())).toList();
    SweepSpec.Placement placement = placement(spec);
    out.printf(Locale.ROOT, "equilibrium: sweep %s: %d trials (%d arms x %d points x %d seeds), %d finished earlier, "
        + "%d to run as %s, in %s%n", spec.name(), all.size(), spec.arms().size(), spec.trials(), spec.seeds().size(),
        all.size() - pending.size(), pending.size(), placement == SweepSpec.Placement.TASKS ? "Spark tasks" : "runs",
        sweep.location());
    TrialRunner runner = new TrialRunner(spec);
    if (placement == SweepSpec.Placement.TASKS && !pending.isEmpty()) {
      String location = sweep.location();
      sc.parallelize(pending, pending.size()).map(trial -> {
        TrialOutcome outcome = runner.run(trial, TrialRunner.IN_PROCESS, new PrintStream(PrintStream.nullOutputStream()));
        save(new RunDirectory(location), outcome);
        return outcome;
      }).collect().forEach(o -> done.put(o.trial(), o));
    } else {
      for (SweepTrial trial : pending) {
        TrialOutcome outcome = runner.run(trial, sparkBackends(sc), out);
        save(sweep, outcome);
        done.put(trial.id(), outcome);
      }
    }
    List<TrialOutcome> outcomes = all.stream().map(t -> done.get(t.id())).toList();
    sweep.writeText(TABLE, csv(outcomes));
    writeParquet(sc, outcomes, sweep.path(PARQUET).toString());
    SweepReport.write(sweep, spec, outcomes);
    summarize(spec, outcomes, out);
    out.println("equilibrium: results " + sweep.path(TABLE) + " and " + sweep.path(PARQUET));
    out.println("equilibrium: report  " + sweep.path(SweepReport.FILE));
    writeRunsPage(sweep, out);
    return outcomes;
  }

  /**
   * index.html of a folder of runs (the sweep's trials, a nightly suite's nights), which its report links to; it
   * only lists what is already written, so a failure to write it is said and the job goes on.
   */
  static void writeRunsPage(RunDirectory folder, PrintStream out) {
    try {
      List<RunSummary> runs = RunsPage.write(folder);
      out.println("equilibrium: runs    " + folder.path(RunsPage.FILE) + " (" + RunsPage.counts(runs) + ")");
    } catch (RuntimeException e) {
      out.println("equilibrium: " + folder.path(RunsPage.FILE) + " was not written: " + e.getMessage()
          + " (submit-scripts/report " + folder.location() + " writes it)");
    }
  }

  /** Auto: many small trials at once where the game type says one fits a task, else the whole cluster per trial. */
  static SweepSpec.Placement placement(SweepSpec spec) {
    if (spec.placement() != SweepSpec.Placement.AUTO) {
      return spec.placement();
    }
    ExperimentConfig base = ExperimentSchema.load(spec.base(), spec.overrides());
    return GameType.of(base).fitsOneTask(base) ? SweepSpec.Placement.TASKS : SweepSpec.Placement.RUNS;
  }

  private static TrialRunner.Backends sparkBackends(JavaSparkContext sc) {
    return new TrialRunner.Backends() {
      private static final long serialVersionUID = 1L;

      @Override
      public <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> ShardExecutor<G, N, S>
          create(TrainingRun<G, N, S> training) {
        return SparkBackends.of(sc, training.experiment());
      }
    };
  }

  private static Map<String, TrialOutcome> finished(RunDirectory sweep) {
    Map<String, TrialOutcome> done = new LinkedHashMap<>();
    for (String file : sweep.list(RESULTS)) {
      if (!file.endsWith(".json")) {
        continue;
      }
      Optional<byte[]> bytes = sweep.read(RESULTS + "/" + file);
      if (bytes.isEmpty()) {
        continue;
      }
      try {
        TrialOutcome o = JSON.readValue(bytes.get(), TrialOutcome.class);
        done.put(o.trial(), o);
      } catch (IOException e) {
        // a result that cannot be read is run again
      }
    }
    return done;
  }

  private static void save(RunDirectory sweep, TrialOutcome outcome) {
    sweep.writeAtomically(RESULTS + "/" + outcome.trial() + ".json", o -> o.write(JSON.writeValueAsBytes(outcome)));
  }

  /**
   * The results as one Parquet file through Spark SQL, for notebooks and for joining sweeps: the sampled values
   * as a map from key to value, since keys such as optimizer.main.lr are not column names Spark SQL takes
   * unquoted.
   */
  static void writeParquet(JavaSparkContext sc, List<TrialOutcome> outcomes, String path) {
    StructType schema = new StructType()
        .add("trial", DataTypes.StringType, false)
        .add("arm", DataTypes.StringType, false)
        .add("index", DataTypes.IntegerType, false)
        .add("seed", DataTypes.LongType, false)
        .add("config_hash", DataTypes.StringType, false)
        .add("sampled", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), false)
        .add("final_score", DataTypes.DoubleType, false)
        .add("best_score", DataTypes.DoubleType, false)
        .add("diverged", DataTypes.BooleanType, false)
        .add("reason", DataTypes.StringType, false)
        .add("wall_seconds", DataTypes.DoubleType, false)
        .add("code_revision", DataTypes.StringType, false)
        .add("data_hash", DataTypes.StringType, false)
        .add("scores_at_steps", DataTypes.createMapType(DataTypes.LongType, DataTypes.DoubleType), false);
    List<Row> rows = outcomes.stream().map(o -> RowFactory.create(o.trial(), o.arm(), o.index(), o.seed(), o.configHash(),
        scala.collection.JavaConverters.mapAsScalaMapConverter(o.sampled()).asScala(), o.finalScore(), o.bestScore(),
        o.diverged(), o.reason(), o.wallSeconds(), o.codeRevision(), o.dataHash(),
        scala.collection.JavaConverters.mapAsScalaMapConverter(o.scoresAtSteps()).asScala())).toList();
    ParquetTables.write(sc, schema, rows, path);
  }

  static String csv(List<TrialOutcome> outcomes) {
    List<String> keys = outcomes.stream().flatMap(o -> o.sampled().keySet().stream()).distinct().toList();
    List<Long> steps = outcomes.stream().flatMap(o -> o.scoresAtSteps().keySet().stream()).distinct().sorted().toList();
    StringBuilder b = new StringBuilder("trial,arm,index,seed,config_hash,code_revision,data_hash");
    keys.forEach(k -> b.append(',').append(k));
    steps.forEach(s -> b.append(",score_at_").append(s));
    b.append(",final_score,best_score,diverged,wall_seconds,reason\n");
    for (TrialOutcome o : outcomes) {
      b.append(o.trial()).append(',').append(o.arm()).append(',').append(o.index()).append(',').append(o.seed())
          .append(',').append(o.configHash()).append(',').append(o.codeRevision()).append(',').append(o.dataHash());
      keys.forEach(k -> b.append(',').append(o.sampled().getOrDefault(k, "")));
      steps.forEach(s -> b.append(',').append(o.scoresAtSteps().containsKey(s) ? o.scoresAtSteps().get(s) : ""));
      b.append(',').append(o.finalScore()).append(',').append(o.bestScore()).append(',').append(o.diverged())
          .append(',').append(String.format(Locale.ROOT, "%.1f", o.wallSeconds())).append(",\"")
          .append(o.reason().replace("\"", "'").replaceAll("\\s+", " ")).append("\"\n");
    }
    return b.toString();
  }

  /** Per arm: trials, divergence rate, and E[best of k] over the trials that did not diverge. */
  private static void summarize(SweepSpec spec, List<TrialOutcome> outcomes, PrintStream out) {
    Map<String, List<TrialOutcome>> byArm = outcomes.stream().collect(Collectors.groupingBy(TrialOutcome::arm,
        LinkedHashMap::new, Collectors.toList()));
    byArm.forEach((arm, trials) -> {
      double[] scores = trials.stream().filter(t -> !t.diverged() && Double.isFinite(t.finalScore()))
          .mapToDouble(TrialOutcome::finalScore).toArray();
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "equilibrium: arm %s: %d trials, %.0f%% diverged",
          arm, trials.size(), 100.0 * (trials.size() - scores.length) / trials.size()));
      if (scores.length > 0) {
        line.append(", E[best ").append(spec.metric().field()).append(" of k]");
        for (int k : BUDGETS) {
          line.append(String.format(Locale.ROOT, " k=%d %.4g", k,
              ExpectedBest.of(scores, k, spec.metric().direction())));
        }
      }
      out.println(line);
      for (long step : spec.reportSteps()) {
        double[] atStep = trials.stream().filter(t -> Double.isFinite(t.scoresAtSteps().getOrDefault(step, Double.NaN)))
            .mapToDouble(t -> t.scoresAtSteps().get(step)).toArray();
        if (atStep.length > 0) {
          StringBuilder at = new StringBuilder(String.format(Locale.ROOT,
              "equilibrium: arm %s at step %d: %d trials scored, E[best %s of k]", arm, step, atStep.length,
              spec.metric().field()));
          for (int k : BUDGETS) {
            at.append(String.format(Locale.ROOT, " k=%d %.4g", k, ExpectedBest.of(atStep, k, spec.metric().direction())));
          }
          out.println(at);
        }
      }
    });
  }
}
