package ai.equilibrium.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.equilibrium.backend.ShardExecutor;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.data.DataShard;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.gan.FeatureExtractors;
import ai.equilibrium.gan.GanAssembly;
import ai.equilibrium.gan.GanGame;
import ai.equilibrium.gan.GanNetworks;
import ai.equilibrium.gan.ImageEvaluation;
import ai.equilibrium.metrics.ImageScores;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.TrainingListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FID, KID and precision/recall with features computed by Spark executors over 4 partitions equal the
 * in-process scores over 1 partition: the moments merge exactly (up to double rounding) whatever the split.
 */
class SparkEvaluationParityIT {

  @Test
  void sparkOverFourPartitionsScoresLikeOnePartitionInProcess(@TempDir Path dir) {
    ImageScores local = score(1, dir.resolve("local"), training -> training.localBackend());
    JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("evaluation-parity")
        .set("spark.ui.enabled", "false").set("spark.broadcast.compress", "false"));
    try {
      ImageScores spark = score(4, dir.resolve("spark"),
          training -> new SparkGradientBackend<>(sc, training.game(), training.source()));
      assertEquals(local.fid(), spark.fid(), 1e-6 * local.fid(), "FID");
      assertEquals(local.kid(), spark.kid(), 1e-6 * Math.abs(local.kid()), "KID");
      assertEquals(local.precision(), spark.precision(), 0.0, "precision");
      assertEquals(local.recall(), spark.recall(), 0.0, "recall");
      assertEquals(local.extractor(), spark.extractor());
    } finally {
      sc.stop();
    }
  }

  private static ImageScores score(int partitions, Path dir, Function<Experiment<GanGame, GanNetworks, DataShard>, ShardExecutor<GanGame, GanNetworks, DataShard>> backends) {
    String classifier = Path.of(System.getProperty("equilibrium.repo.root", ".."),
        "models/fashion-mnist-classifier-v1.zip").toString();
    ExperimentConfig config = ExperimentSchema.load(null, List.of("train.partitions=" + partitions, "train.batch-size=64",
        "eval.samples=1000", "eval.extractor-path=" + classifier));
    Experiment<GanGame, GanNetworks, DataShard> training = GanAssembly.experiment(config);
    try (ShardExecutor<GanGame, GanNetworks, DataShard> backend = backends.apply(training)) {
      ImageEvaluation evaluation = new ImageEvaluation(backend, FeatureExtractors.of(config).orElseThrow(),
          config.eval().samples(), partitions, new RunDirectory(dir.toString()), null, ImageScores.BestMetric.FID, 0,
          new PrintStream(PrintStream.nullOutputStream()));
      TrainingListener.TrainingState state = TrainingListener.TrainingState.of(training::player);
      return evaluation.score(state);
    }
  }
}
