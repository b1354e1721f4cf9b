package ai.equilibrium.gan;

import ai.equilibrium.backend.ShardExecutor;
import ai.equilibrium.checkpoint.Checkpointer;
import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.DataSource;
import ai.equilibrium.metrics.FeatureExtractor;
import ai.equilibrium.metrics.FeatureSet;
import ai.equilibrium.metrics.ImageScores;
import ai.equilibrium.report.EvaluationLog;
import ai.equilibrium.step.Player;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.PeriodicListener;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * FID, KID and precision/recall of the generator every N steps and at the end, with features computed on
 * the data partitions (executors, on a cluster): the real set once per run, the generated set at each
 * evaluation. Rows go to eval.jsonl with the extractor's id; when the chosen metric improves, the models
 * are written to checkpoints/best and best.json points at the step.
 */
public final class ImageEvaluation extends PeriodicListener {
  public static final String FILE = EvaluationLog.FILE;
  public static final String BEST_CHECKPOINT = Checkpointer.bestPath();
  public static final String BEST_POINTER = "best.json";
  /** Latent codes of the evaluated samples: the same for every evaluation of a run. */
  private static final long GENERATION_SEED = 0xF1DL;
  private static final long KID_SEED = 0x41DL;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ShardExecutor<GanGame, GanNetworks, DataShard> executor;
  private final FeatureExtractor extractor;
  private final int samples;
  private final int partitions;
  private final RunDirectory run;
  private final Checkpointer checkpoints;
  private final ImageScores.BestMetric bestMetric;
  private final PrintStream out;
  private final EvaluationLog log;
  private FeatureSet real;
  private double best = Double.POSITIVE_INFINITY;

  /**
   * @param run         where eval.jsonl and best.json go, carrying on from a resumed run's; null to write nothing
   * @param checkpoints writes the best checkpoint; null to keep none
   * @param every       steps between evaluations, 0 for the end only
   */
  public ImageEvaluation(ShardExecutor<GanGame, GanNetworks, DataShard> executor, FeatureExtractor extractor, int samples, int partitions,
      RunDirectory run, Checkpointer checkpoints, ImageScores.BestMetric bestMetric, int every, PrintStream out) {
    super(every);
    this.executor = executor;
    this.extractor = extractor;
    this.samples = samples;
    this.partitions = partitions;
    this.run = run;
    this.log = run == null ? null : new EvaluationLog(run, executor.processors());
    this.checkpoints = checkpoints;
    this.bestMetric = bestMetric;
    this.out = out;
    if (run != null) {
      this.best = previousBest(run, bestMetric);
    }
  }

  /** The score of a resumed run's best checkpoint, if it was chosen by the same metric. */
  private static double previousBest(RunDirectory run, ImageScores.BestMetric metric) {
    String name = metric.name().toLowerCase(java.util.Locale.ROOT);
    return run.read(BEST_POINTER).map(bytes -> {
      try {
        JsonNode pointer = JSON.readTree(bytes);
        if (!name.equals(pointer.path("metric").asText()) || !pointer.path(name).isNumber()) {
          return Double.POSITIVE_INFINITY;
        }
        double value = pointer.get(name).asDouble();
        return metric == ImageScores.BestMetric.PRECISION || metric == ImageScores.BestMetric.RECALL ? -value : value;
      } catch (IOException unreadable) {
        return Double.POSITIVE_INFINITY; // rewritten at the next improvement
      }
    }).orElse(Double.POSITIVE_INFINITY);
  }

  @Override
  protected void act(long step, TrainingState state, boolean last) {
    ImageScores scores = evaluate(step, state);
    if (last) {
      out.printf("equilibrium: FID %.3f, KID %.5f, precision %.3f, recall %.3f (%s, %d samples)%s%n", scores.fid(),
          scores.kid(), scores.precision(), scores.recall(), scores.extractor(), scores.generatedSamples(),
          EvaluationLog.onProcessors(executor.processors()));
    }
  }

  /** Scores a reference set (held-out data, noise) as if a generator had produced it; writes nothing. */
  public ImageScores scoreReference(ReferenceFeatures.Kind kind, DataSource<DataShard> heldOut) {
    FeatureSet reference = executor.run(new ReferenceFeatures(extractor, kind, heldOut, samples, partitions,
        GENERATION_SEED), Map.of());
    return ImageScores.of(extractor.id(), realFeatures(), reference, KID_SEED);
  }

  private FeatureSet realFeatures() {
    if (real == null) {
      real = executor.run(new RealFeatures(extractor, samples, partitions), Map.of());
    }
    return real;
  }

  /** Scores the generator of {@code state}; writes nothing. */
  public ImageScores score(TrainingState state) {
    FeatureSet generated = executor.run(new GeneratedFeatures(extractor, samples, partitions, GENERATION_SEED),
        Map.of(Player.MAIN, state.parameters(Player.MAIN)));
    return ImageScores.of(extractor.id(), realFeatures(), generated, KID_SEED);
  }

  /** Scores the generator of {@code state} at {@code step}: eval.jsonl, and the best checkpoint if it improved. */
  public ImageScores evaluate(long step, TrainingState state) {
    ImageScores scores = score(state);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("step", step);
    row.putAll(scores.fields());
    log.append(row);
    double score = scores.lowerIsBetter(bestMetric);
    if (checkpoints != null && score < best) {
      best = score;
      checkpoints.saveBest(state);
      Map<String, Object> pointer = new LinkedHashMap<>();
      pointer.put("step", step);
      pointer.put("checkpoint", BEST_CHECKPOINT);
      pointer.put("metric", bestMetric.name().toLowerCase(java.util.Locale.ROOT));
      pointer.putAll(scores.fields());
      run.writeText(BEST_POINTER, EvaluationLog.json(pointer) + "\n");
    }
    return scores;
  }
}
