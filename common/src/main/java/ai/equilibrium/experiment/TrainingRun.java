package ai.equilibrium.experiment;

import ai.equilibrium.backend.GradientBackend;
import ai.equilibrium.backend.ShardExecutor;
import ai.equilibrium.checkpoint.Checkpointer;
import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.config.ResumeCompatibility;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.report.EvaluationLog;
import ai.equilibrium.report.MemoryLog;
import ai.equilibrium.report.MetricsLog;
import ai.equilibrium.report.ProgressLine;
import ai.equilibrium.report.RunReport;
import ai.equilibrium.storage.FolderLease;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.storage.RunHistory;
import ai.equilibrium.train.LoopCheckpoint;
import ai.equilibrium.train.TrainingListener;
import ai.equilibrium.train.TrainingLoop;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One run of an experiment in its run directory, started afresh or resumed from the newest trusted checkpoint:
 * metrics, progress, the game's artefacts and whole-state checkpoints around the one training loop, with the
 * divergence guard rolling back to those checkpoints, and its provenance. A resumed run continues bitwise as if it
 * had never stopped: its metrics.jsonl and eval.jsonl are first cut back to the checkpoint. A run holds its
 * directory's {@link FolderLease} from before its first write until training ends (or it is closed unused), so a
 * second process on the same directory refuses instead of interleaving its files.
 */
public final class TrainingRun<G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable>
    implements AutoCloseable {
  /** The files every run writes; a new run of the same name replaces them, and the game's own. */
  private static final List<String> RUN_FILES = List.of(MetricsLog.FILE, EvaluationLog.FILE, RunReport.FILE,
      Checkpointer.DIRECTORY, Provenance.FILE);

  private final Experiment<G, N, S> experiment;
  private final RunDirectory run;
  private final long startStep;
  private final boolean resumed;
  /** Null for a trial inside a sweep, whose folder the sweep holds. */
  private final FolderLease lease;
  /** The state to continue from, until the loop has taken it: a large model's is hundreds of megabytes. */
  private LoopCheckpoint restoreFrom;

  private TrainingRun(Experiment<G, N, S> experiment, RunDirectory run, FolderLease lease,
      Optional<LoopCheckpoint> resumedFrom) {
    this.experiment = experiment;
    this.run = run;
    this.lease = lease;
    this.resumed = resumedFrom.isPresent();
    this.startStep = resumedFrom.map(LoopCheckpoint::step).orElse(0L);
    this.restoreFrom = resumedFrom.orElse(null);
  }

  /**
   * A new run in output-dir/name with the resolved config written into it; files of an earlier run of that name
   * are replaced (and {@code out} says so).
   *
   * @throws FolderLease.Held when another process writes that run directory
   */
  public static TrainingRun<?, ?, ?> start(ExperimentConfig config, PrintStream out) {
    Experiment<?, ?, ?> experiment = Experiment.assemble(config); // a config that cannot run replaces nothing
    RunDirectory run = new RunDirectory(config.run().outputDir() + "/" + config.run().name());
    return holding(FolderLease.acquire(run.location(), "the run " + config.run().name(), out),
        lease -> start(experiment, run, lease, out));
  }

  /**
   * As {@link #start(ExperimentConfig, PrintStream)} for a sweep's trial, whose folder its sweep holds; a trial
   * interrupted earlier (its config.conf the same experiment, a checkpoint written) resumes instead.
   */
  public static TrainingRun<?, ?, ?> startTrial(ExperimentConfig config, PrintStream out) {
    Experiment<?, ?, ?> experiment = Experiment.assemble(config);
    RunDirectory run = new RunDirectory(config.run().outputDir() + "/" + config.run().name());
    boolean sameExperiment = run.read("config.conf").map(b -> new String(b, StandardCharsets.UTF_8))
        .filter(config.rendered()::equals).isPresent();
    if (sameExperiment && !Checkpointer.reading(run).steps().isEmpty()) {
      // An interrupted sweep: the trial goes on from its newest trusted checkpoint, bitwise as if uninterrupted.
      return resumed(experiment, run, null, out);
    }
    return start(experiment, run, null, out);
  }

  private static <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> TrainingRun<G, N, S>
      start(Experiment<G, N, S> experiment, RunDirectory run, FolderLease lease, PrintStream out) {
    if (run.exists(Checkpointer.DIRECTORY) || run.exists(MetricsLog.FILE)) {
      out.println("equilibrium: replacing the earlier run in " + run.location() + " (--resume " + run.location()
          + " continues a run instead)");
      RUN_FILES.forEach(run::delete);
      experiment.assembly().runFiles().forEach(run::delete);
    }
    run.writeText("config.conf", experiment.config().rendered());
    return new TrainingRun<>(experiment, run, lease, Optional.empty());
  }

  /** Runs {@code body} under {@code lease}, releasing it if the body fails: the run that would hold it never began. */
  private static TrainingRun<?, ?, ?> holding(FolderLease lease, Function<FolderLease, TrainingRun<?, ?, ?>> body) {
    try {
      return body.apply(lease);
    } catch (RuntimeException | Error e) {
      lease.close();
      throw e;
    }
  }

  /**
   * Resumes the run in {@code location} from its newest trusted checkpoint (from the start if it has none).
   *
   * @param configFile an experiment file to compare with the run's config.conf, or null to use that
   * @param overrides  key=value pairs; only keys safe to change on resume may differ from the run's config
   * @param out        told which checkpoint the run resumes from, and which were passed over
   * @throws ConfigError naming --resume when there is no run there, or the keys that may not change
   * @throws FolderLease.Held when another process writes that run directory
   */
  public static TrainingRun<?, ?, ?> resume(String location, String configFile, List<String> overrides, PrintStream out) {
    return resume(location, configFile, overrides, config -> {}, out);
  }

  /**
   * As {@link #resume(String, String, List, PrintStream)}, with {@code preflight} checking the resumed config
   * (data, output, cluster) before anything in the run directory changes.
   */
  public static TrainingRun<?, ?, ?> resume(String location, String configFile, List<String> overrides,
      Consumer<ExperimentConfig> preflight, PrintStream out) {
    RunDirectory run = RunDirectory.existing(location);
    String savedText = run.read("config.conf").map(b -> new String(b, StandardCharsets.UTF_8))
        .orElseThrow(() -> new ConfigError("--resume", location + " holds no run (no config.conf)"));
    String origin = run.path("config.conf").toString();
    ExperimentConfig saved = ExperimentSchema.loadText(savedText, origin, List.of());
    ExperimentConfig requested = configFile != null ? ExperimentSchema.load(configFile, overrides)
        : ExperimentSchema.loadText(savedText, origin, overrides);
    ResumeCompatibility.check(saved, requested, run.location());
    preflight.accept(requested);
    Experiment<?, ?, ?> experiment = Experiment.assemble(requested);
    return holding(FolderLease.acquire(run.location(), "the run " + requested.run().name(), out),
        lease -> resumed(experiment, run, lease, out));
  }

  private static <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> TrainingRun<G, N, S>
      resumed(Experiment<G, N, S> experiment, RunDirectory run, FolderLease lease, PrintStream out) {
    Checkpointer checkpoints = Checkpointer.reading(run);
    Optional<LoopCheckpoint> from = checkpoints.newestTrusted(note -> out.println("equilibrium: passing over " + note));
    long step = from.map(LoopCheckpoint::step).orElse(0L);
    checkpoints.discardAfter(step); // uncommitted or torn: never trusted, and rewritten by the resumed run
    RunHistory.truncate(run, MetricsLog.FILE, step);
    RunHistory.truncate(run, EvaluationLog.FILE, step);
    run.writeText("config.conf", experiment.config().rendered());
    out.println(from.isPresent()
        ? "equilibrium: resuming " + run.location() + " from " + checkpoints.location(step)
        : "equilibrium: " + run.location() + " has no trusted checkpoint; starting it from step 0");
    return new TrainingRun<>(experiment, run, lease, from);
  }

  public Experiment<G, N, S> experiment() {
    return experiment;
  }

  public RunDirectory directory() {
    return run;
  }

  /** Steps already done: 0, or the resumed checkpoint's. */
  public long startStep() {
    return startStep;
  }

  /**
   * Trains up to run.steps with {@code backend}; evaluations that need the data partitions run on
   * {@code executor}.
   *
   * <p>The run directory is released when training ends, however it ends.
   *
   * @param extra listeners after the standard ones (benchmarks, tests)
   */
  public void train(GradientBackend backend, ShardExecutor<G, N, S> executor, PrintStream out,
      List<TrainingListener> extra) {
    ExperimentConfig config = experiment.config();
    Provenance provenance = Provenance.of(experiment.source(), backend.getClass().getSimpleName());
    provenance.write(run);
    Checkpointer checkpoints = new Checkpointer(run, experiment.assembly().models(), config.run().checkpointEvery(),
        config.run().keepCheckpoints(), provenance.fields());
    try (MetricsLog metrics = new MetricsLog(run, config.run().logEvery(), resumed)) {
      List<TrainingListener> listeners = new ArrayList<>();
      listeners.add(metrics);
      listeners.add(new ProgressLine(out, config.run().progressEvery()));
      // The game's artefacts before the checkpoints: a checkpoint of step N implies every file of step N.
      listeners.addAll(experiment.assembly().artefacts(run, out, executor, checkpoints));
      listeners.addAll(extra);
      listeners.add(new MemoryLog(run, resumed));
      listeners.add(checkpoints);
      TrainingLoop loop = experiment.loop(backend, listeners, checkpoints);
      if (restoreFrom != null) {
        loop.restore(restoreFrom);
        restoreFrom = null;
      }
      loop.run(startStep(), config.run().steps());
    } finally {
      close();
    }
  }

  /** Releases the run directory, for a run that will not train after all (training releases it at its end). */
  @Override
  public void close() {
    if (lease != null) {
      lease.close();
    }
  }
}
