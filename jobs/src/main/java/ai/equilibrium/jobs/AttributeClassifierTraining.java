package ai.equilibrium.jobs;

import ai.equilibrium.data.DataUnavailableException;
import ai.equilibrium.data.ImageShardManifest;
import ai.equilibrium.data.ImageShardSource;
import ai.equilibrium.data.ImageSplit;
import ai.equilibrium.metrics.AttributeClassifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Trains the {@link AttributeClassifier} of a prepared image folder with DL4J's Spark parameter averaging: each
 * task reads its own range of the train split from the shards (nothing passes through the driver), cuts it into
 * minibatches in an order fixed by the seed, and the workers' parameters are averaged every few minibatches.
 */
final class AttributeClassifierTraining {
  /** Minibatches each worker fits between two parameter averagings. */
  private static final int AVERAGING_FREQUENCY = 5;
  private static final int TEST_IMAGES = 5000;

  private AttributeClassifierTraining() {}

  record Trained(MultiLayerNetwork network, ImageShardManifest manifest, double testAccuracy, long trainImages,
      int testImages) {}

  static Trained train(JavaSparkContext sc, String folder, int epochs) {
    ImageShardSource train = new ImageShardSource(folder, ImageSplit.TRAIN);
    ImageShardManifest manifest = train.manifest();
    if (manifest.attributes().isEmpty()) {
      throw new DataUnavailableException(folder + " has no attributes to learn: prepare it with an attribute list "
          + "(CelebA's list_attr_celeba.txt, prepare.attributes-file)");
    }
    int partitions = Math.max(1, sc.defaultParallelism());
    ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(AttributeClassifier.BATCH)
        .batchSizePerWorker(AttributeClassifier.BATCH)
        .averagingFrequency(AVERAGING_FREQUENCY)
        .workerPrefetchNumBatches(0)
        // the minibatches are built where the shards are read; moving them would only cost
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        .repartionData(Repartition.Never)
        .rngSeed(1)
        .build();
    SparkDl4jMultiLayer network = new SparkDl4jMultiLayer(sc, AttributeClassifier.configuration(manifest.channels(),
        manifest.height(), manifest.width(), manifest.attributes().size()), master);
    for (int epoch = 0; epoch < epochs; epoch++) {
      network.fit(minibatches(sc, train, partitions, epoch));
    }
    MultiLayerNetwork net = network.getNetwork();
    ImageShardSource test = new ImageShardSource(folder, ImageSplit.TEST);
    ImageShardSource.LabelledImages held = test.loadLabelled(0, Math.max(1, (int) (test.size() / TEST_IMAGES)));
    return new Trained(net, manifest, AttributeClassifier.meanAccuracy(net, held), train.size(), held.images().size());
  }

  private static JavaRDD<DataSet> minibatches(JavaSparkContext sc, ImageShardSource train, int partitions, int epoch) {
    List<Integer> ids = IntStream.range(0, partitions).boxed().toList();
    return sc.parallelize(ids, partitions).flatMap(p -> {
      ImageShardSource.LabelledImages part = train.loadLabelled(p, partitions);
      int n = part.images().size();
      int[] order = AttributeClassifier.shuffled(n, 1_000_003L * epoch + p);
      List<DataSet> batches = new ArrayList<>();
      for (int start = 0; start < n; start += AttributeClassifier.BATCH) {
        batches.add(AttributeClassifier.batch(part, Arrays.copyOfRange(order, start,
            Math.min(n, start + AttributeClassifier.BATCH))));
      }
      return batches.iterator();
    });
  }
}
