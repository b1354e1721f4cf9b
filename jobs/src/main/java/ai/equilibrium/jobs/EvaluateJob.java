package ai.equilibrium.jobs;

import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.experiment.SavedModel;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.spark.SparkGradientBackend;
import ai.equilibrium.train.TrainingListener;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Scores with FID, KID and precision/recall, features computed on Spark executors:
 *
 * <ul>
 *   <li>a saved generator: {@code EvaluateJob RUN_DIR [--checkpoint best|step-N] [key=value ...]} reads the run's
 *       config.conf and the checkpoint's generator state (default: the newest trusted step-N), prints one JSON
 *       line and appends it to RUN_DIR/evaluations.jsonl;
 *   <li>a reference that puts scores in context: {@code EvaluateJob --reference held-out|noise [--config FILE]
 *       [key=value ...]} scores the test split (a floor) or uniform noise (a ceiling) against the training data.
 * </ul>
 */
public final class EvaluateJob {
  public static final String FILE = "evaluations.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private EvaluateJob() {}

  static final JobMain.Spec SPEC = new JobMain.Spec("""
      usage: evaluate RUN_DIR [--checkpoint best|step-N] [key=value ...]
             evaluate --reference held-out|noise [--config FILE] [key=value ...]
        key=value  overrides, for example eval.samples=10000 spark.master=local[2]""",
      Set.of("checkpoint", "reference", "config"), Set.of(), EvaluateJob::run);

  public static void main(String[] args) {
    JobMain.main(args, SPEC);
  }

  private static ExitStatus run(JobArguments args, PrintStream out) throws IOException {
    Optional<String> reference = args.option("reference");
    if (args.positionals().size() > 1 || args.positionals().isEmpty() == reference.isEmpty()) {
      throw new IllegalArgumentException("give either a run directory or --reference");
    }
    Map<String, Object> row = reference.isEmpty()
        ? scoreRun(args.positionals().get(0), args.option("checkpoint").orElse(null), args.assignments())
        : scoreReference(reference.get(), args.option("config").orElse(null), args.assignments());
    out.println(JSON.writeValueAsString(row));
    return ExitStatus.OK;
  }

  static Map<String, Object> scoreRun(String runDir, String checkpoint, List<String> overrides)
      throws IOException {
    SavedModel model = SavedModel.load(runDir, checkpoint, overrides);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("checkpoint", model.checkpoint());
    row.putAll(score(model.experiment(), "equilibrium-evaluate-" + model.experiment().config().run().name(), null));
    List<String> lines = new ArrayList<>(model.run().readLines(FILE));
    lines.add(JSON.writeValueAsString(row));
    model.run().writeText(FILE, String.join("\n", lines) + "\n");
    return row;
  }

  private static Map<String, Object> scoreReference(String reference, String configFile, List<String> overrides) {
    ExperimentConfig config = ExperimentSchema.load(configFile, overrides);
    Experiment<?, ?, ?> experiment = Experiment.assemble(config);
    List<String> known = experiment.assembly().references();
    if (!known.contains(reference)) { // before Spark starts
      throw new IllegalArgumentException("--reference must be one of " + known + " for game.type = "
          + config.game().type() + ", got '" + reference + "'");
    }
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("reference", reference);
    row.putAll(score(experiment, "equilibrium-evaluate-reference", reference));
    return row;
  }

  /**
   * Scores the experiment's players, or the named reference, with the Spark backend over its partitions.
   *
   * @param reference null for the main player
   */
  private static <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable>
      Map<String, Object> score(Experiment<G, N, S> experiment, String appName, String reference) {
    try (JavaSparkContext sc = SparkSessions.create(experiment.config(), appName);
        SparkGradientBackend<G, N, S> backend = new SparkGradientBackend<>(sc, experiment.game(), experiment.source())) {
      return reference == null ? experiment.assembly().score(TrainingListener.TrainingState.of(experiment::player), backend)
          : experiment.assembly().scoreReference(reference, backend);
    }
  }
}
