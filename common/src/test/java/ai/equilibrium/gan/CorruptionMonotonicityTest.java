package ai.equilibrium.gan;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.data.DataLocations;
import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.FashionMnistSource;
import ai.equilibrium.metrics.ClassifierFeatureExtractor;
import ai.equilibrium.metrics.FeatureMoments;
import ai.equilibrium.metrics.FrechetDistance;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * FID under the project's Fashion-MNIST feature classifier grows as images are corrupted more: held-out test
 * images with Gaussian pixel noise of increasing strength, scored against training images.
 */
class CorruptionMonotonicityTest {

  @Test
  void fidGrowsWithTheStrengthOfPixelNoise() {
    ClassifierFeatureExtractor extractor = ClassifierFeatureExtractor.load(ImageEvaluationTest.CLASSIFIER,
        "fashion-mnist-classifier-v1");
    String data = DataLocations.fashionMnist();
    FeatureMoments real = FeatureMoments.of(extractor.features(
        first(new FashionMnistSource(data, FashionMnistSource.Split.TRAIN).loadShard(0, 1), 2000)));
    INDArray test = first(new FashionMnistSource(data, FashionMnistSource.Split.TEST).loadShard(0, 1), 2000);

    List<Double> fids = new ArrayList<>();
    for (double sigma : new double[] {0, 0.1, 0.25, 0.5, 1.0}) {
      SplittableRandom random = new SplittableRandom(3);
      double[] noise = new double[(int) test.length()];
      for (int i = 0; i < noise.length; i++) {
        noise[i] = sigma * random.nextGaussian();
      }
      INDArray corrupted = Transforms.min(Transforms.max(test.add(
          org.nd4j.linalg.factory.Nd4j.createFromArray(noise).reshape(test.shape()).castTo(DataType.FLOAT)), -1), 1);
      fids.add(FrechetDistance.between(real, FeatureMoments.of(extractor.features(corrupted))));
    }
    for (int k = 1; k < fids.size(); k++) {
      assertTrue(fids.get(k) > fids.get(k - 1), "FID against noise strength: " + fids);
    }
    assertTrue(fids.get(0) < 0.2 * fids.get(fids.size() - 1), "clean held-out images are close: " + fids);
  }

  private static INDArray first(DataShard shard, int n) {
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    return shard.rows(rows, DataType.FLOAT);
  }
}
