package ai.equilibrium.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.backend.LocalBackend;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.data.DataShard;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.metrics.FeatureExtractor;
import ai.equilibrium.metrics.ImageScores;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.TrainingListener;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image evaluation through the partitioned data path: the scores do not depend on how many partitions
 * computed the features, and a generator is scored worse than the real test split would be.
 */
class ImageEvaluationTest {
  static final String CLASSIFIER = Path.of(System.getProperty("equilibrium.repo.root", ".."),
      "models/fashion-mnist-classifier-v1.zip").toString();

  static ExperimentConfig config(int partitions) {
    assertTrue(new File(CLASSIFIER).isFile(), "the committed feature classifier is missing: " + CLASSIFIER);
    return ExperimentSchema.load(null, List.of("train.partitions=" + partitions, "train.batch-size=64",
        "eval.samples=600", "eval.extractor-path=" + CLASSIFIER));
  }

  static ImageScores score(ExperimentConfig config, Path dir) {
    Experiment<GanGame, GanNetworks, DataShard> training = GanAssembly.experiment(config);
    FeatureExtractor extractor = FeatureExtractors.of(config).orElseThrow();
    try (LocalBackend<GanGame, GanNetworks, DataShard> backend = training.localBackend()) {
      ImageEvaluation evaluation = new ImageEvaluation(backend, extractor, config.eval().samples(),
          config.train().partitions(), new RunDirectory(dir.toString()), null, ImageScores.BestMetric.FID, 0,
          new PrintStream(PrintStream.nullOutputStream()));
      TrainingListener.TrainingState state = TrainingListener.TrainingState.of(training::player);
      return evaluation.score(state);
    }
  }

  @Test
  void scoresDoNotDependOnThePartitionCount(@TempDir Path one, @TempDir Path four) {
    ImageScores single = score(config(1), one);
    ImageScores split = score(config(4), four);
    assertEquals(single.fid(), split.fid(), 1e-6 * single.fid(), "FID");
    assertEquals(single.kid(), split.kid(), 1e-6 * Math.abs(single.kid()), "KID");
    assertEquals(single.precision(), split.precision(), 0.0, "precision");
    assertEquals(single.recall(), split.recall(), 0.0, "recall");
    assertEquals(600, split.generatedSamples());
    assertEquals(600, split.realSamples());
    assertTrue(single.fid() > 1, "an untrained generator is far from the data: FID " + single.fid());
  }
}
