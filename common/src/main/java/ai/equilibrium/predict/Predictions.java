package ai.equilibrium.predict;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Predictions of one range of an input, in this JVM: what each Spark task does, and the reference in tests. */
public final class Predictions {
  /** Rows classified at once: a few tens of MB of 64x64 colour images. */
  public static final int BATCH = 512;

  private Predictions() {}

  /** Reads the range and classifies it in batches: one prediction per item, in input order. */
  public static List<Prediction> of(PredictionModel.Classifier classifier, PredictionInput input,
      RowConversion conversion, PredictionInput.Range range, DataType precision) {
    InputChunk chunk = input.read(range);
    List<Prediction> predictions = new ArrayList<>(chunk.size());
    for (int from = 0; from < chunk.size(); from += BATCH) {
      int to = Math.min(chunk.size(), from + BATCH);
      INDArray probabilities = classifier.probabilities(conversion.rows(chunk, from, to, precision));
      int labels = (int) probabilities.size(1);
      double[] values = probabilities.castTo(DataType.DOUBLE).dup('c').data().asDouble();
      for (int r = 0; r < to - from; r++) {
        double[] row = new double[labels];
        System.arraycopy(values, r * labels, row, 0, labels);
        predictions.add(new Prediction(chunk.ids()[from + r], row));
      }
    }
    return predictions;
  }
}
