package ai.equilibrium.sweep;

import ai.equilibrium.backend.ShardExecutor;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.experiment.Provenance;
import ai.equilibrium.experiment.TrainingRun;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.report.EvaluationLog;
import ai.equilibrium.storage.Digests;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.TrainingDiverged;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one trial of a sweep into its run directory (SWEEP_DIR/trials/ID) and reads its score from the run's
 * eval.jsonl. The backend is the caller's: in-process for a trial that is one Spark task, Spark for a trial that
 * has the cluster to itself; both give the same bits, so a trial's outcome does not depend on its placement.
 */
public final class TrialRunner implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Makes the backend (and scoring executor) a trial trains on. */
  public interface Backends extends Serializable {
    <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> ShardExecutor<G, N, S> create(
        TrainingRun<G, N, S> training);
  }

  /** In this JVM, as the Spark task of a trial runs it. */
  public static final Backends IN_PROCESS = new Backends() {
    private static final long serialVersionUID = 1L;

    @Override
    public <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> ShardExecutor<G, N, S>
        create(TrainingRun<G, N, S> training) {
      return training.experiment().localBackend();
    }
  };

  private final SweepSpec spec;

  public TrialRunner(SweepSpec spec) {
    this.spec = spec;
  }

  /** The trial's experiment: the base file, the sweep's, arm's and sampled overrides, its seed and directory. */
  public ExperimentConfig config(SweepTrial trial) {
    List<String> overrides = new java.util.ArrayList<>(trial.overrides(spec.overrides()));
    overrides.add("run.name=" + trial.id());
    overrides.add("run.output-dir=\"" + spec.directory() + "/trials\"");
    return ExperimentSchema.load(spec.base(), overrides);
  }

  public TrialOutcome run(SweepTrial trial, Backends backends, PrintStream out) {
    ExperimentConfig config = config(trial);
    long start = System.nanoTime();
    String reason = "";
    boolean diverged = false;
    try {
      train(TrainingRun.startTrial(config, out), backends, out);
    } catch (TrainingDiverged e) {
      diverged = true;
      reason = e.getMessage();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    RunDirectory run = new RunDirectory(config.run().outputDir() + "/" + config.run().name());
    double last = Double.NaN;
    double best = Double.NaN;
    Map<Long, Double> atSteps = new java.util.TreeMap<>();
    for (String line : run.exists(EvaluationLog.FILE) ? run.readLines(EvaluationLog.FILE) : List.<String>of()) {
      JsonNode field = read(line).get(spec.metric().field());
      if (field == null || !field.isNumber()) {
        continue;
      }
      double v = field.asDouble();
      JsonNode step = read(line).get("step");
      if (step != null && spec.reportSteps().contains(step.asLong())) {
        atSteps.put(step.asLong(), v);
      }
      last = v;
      if (Double.isFinite(v) && (Double.isNaN(best) || better(v, best))) {
        best = v;
      }
    }
    if (!diverged && !Double.isFinite(last)) {
      diverged = true;
      reason = "no finite " + spec.metric().field() + " in " + run.path(EvaluationLog.FILE);
    }
    Optional<Provenance> provenance = Provenance.read(run);
    return new TrialOutcome(trial.id(), trial.arm(), trial.index(), trial.seed(), configHash(config), trial.sampled(),
        last, best, diverged, reason, seconds, provenance.map(Provenance::codeRevision).orElse(Provenance.UNKNOWN),
        provenance.map(Provenance::dataHash).orElse(Provenance.UNKNOWN), atSteps);
  }

  private boolean better(double a, double b) {
    return spec.metric().direction() == ExpectedBest.Direction.LOWER_IS_BETTER ? a < b : a > b;
  }

  private static <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> void train(
      TrainingRun<G, N, S> training, Backends backends, PrintStream out) {
    try (ShardExecutor<G, N, S> backend = backends.create(training)) {
      training.train(backend, backend, out, List.of());
    }
  }

  /** The resolved experiment without its name and output directory, hashed. */
  static String configHash(ExperimentConfig config) {
    String rendered = config.rendered().replace(config.run().name(), "").replace(config.run().outputDir(), "");
    return Digests.shortForm(Digests.sha256(rendered));
  }

  private static JsonNode read(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
