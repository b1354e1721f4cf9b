package ai.equilibrium.spark;

import ai.equilibrium.predict.Prediction;
import ai.equilibrium.predict.PredictionInput;
import ai.equilibrium.predict.PredictionModel;
import ai.equilibrium.predict.Predictions;
import ai.equilibrium.predict.RowConversion;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * A model's predictions on an input, computed by Spark tasks: one task per range of the input, each reading its
 * range itself (nothing passes through the driver) and classifying it in batches with networks from the
 * executor's pool, built once per executor thread from the broadcast model. The predictions are in input order.
 */
public final class SparkPredictions implements AutoCloseable {
  private final String jobKey = "predict-" + UUID.randomUUID();
  private final Broadcast<PredictionModel> model;
  private final JavaRDD<Prediction> predictions;

  /** @param ranges the input's ranges, one task each */
  public SparkPredictions(JavaSparkContext sc, PredictionModel model, PredictionInput input, RowConversion conversion,
      List<PredictionInput.Range> ranges) {
    this.model = sc.broadcast(model);
    this.predictions = sc.parallelize(ranges, ranges.size())
        .mapPartitions(new PredictRanges(jobKey, this.model, input, conversion, DeviceBinding.ND4J))
        .setName("equilibrium predictions (" + input.location() + ", " + ranges.size() + " ranges)");
  }

  /** The predictions, lazily: the caller persists them when it reads them more than once. */
  public JavaRDD<Prediction> predictions() {
    return predictions;
  }

  @Override
  public void close() {
    predictions.unpersist(false);
    model.destroy(true);
    ExecutorNetworkCache.evict(jobKey);
  }

  /** The executor side: its ranges' predictions with pooled networks. */
  private static final class PredictRanges implements FlatMapFunction<Iterator<PredictionInput.Range>, Prediction> {
    private static final long serialVersionUID = 1L;
    private final String jobKey;
    private final Broadcast<PredictionModel> model;
    private final PredictionInput input;
    private final RowConversion conversion;
    private final DeviceBinding devices;

    PredictRanges(String jobKey, Broadcast<PredictionModel> model, PredictionInput input, RowConversion conversion,
        DeviceBinding devices) {
      this.jobKey = jobKey;
      this.model = model;
      this.input = input;
      this.conversion = conversion;
      this.devices = devices;
    }

    @Override
    public Iterator<Prediction> call(Iterator<PredictionInput.Range> ranges) {
      DeviceBinding.bindTask(TaskContext.get(), devices);
      PredictionModel m = model.value();
      return ResidentCapExceeded.reported(() -> {
        PredictionModel.Classifier classifier = ExecutorNetworkCache.borrow(jobKey, m::open);
        try {
          List<Prediction> out = new ArrayList<>();
          ranges.forEachRemaining(range -> out.addAll(Predictions.of(classifier, input, conversion, range,
              m.precision())));
          return out.iterator();
        } finally {
          ExecutorNetworkCache.release(jobKey, classifier);
        }
      });
    }
  }
}
