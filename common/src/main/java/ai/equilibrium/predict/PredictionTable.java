package ai.equilibrium.predict;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The table of a model's predictions: {@code id}, {@code predicted}, then one probability per label. For a softmax
 * model {@code predicted} is the class of the largest probability (the first on a tie); for a multi-label model it
 * is the labels above one half, separated by spaces. Probabilities keep the model's precision: float for float
 * models, written so that they read back to the same float.
 */
public record PredictionTable(List<String> labels, boolean multiLabel, boolean doubles) implements Serializable {
  private static final long serialVersionUID = 1L;

  public PredictionTable {
    labels = List.copyOf(labels);
  }

  public static PredictionTable of(PredictionModel model) {
    return new PredictionTable(model.labels(), model.multiLabel(), model.precision() == DataType.DOUBLE);
  }

  public List<String> columns() {
    List<String> columns = new ArrayList<>(List.of("id", "predicted"));
    columns.addAll(labels);
    return columns;
  }

  /** The class index (an Integer) or the labels present (a String). */
  public Object predicted(double[] probabilities) {
    if (multiLabel) {
      StringJoiner present = new StringJoiner(" ");
      for (int k = 0; k < probabilities.length; k++) {
        if (probabilities[k] > 0.5) {
          present.add(labels.get(k));
        }
      }
      return present.toString();
    }
    int best = 0;
    for (int k = 1; k < probabilities.length; k++) {
      best = probabilities[k] > probabilities[best] ? k : best;
    }
    return best;
  }

  /** The row's values in column order: id, predicted, then each probability as a Float or a Double. */
  public Object[] values(Prediction prediction) {
    double[] p = prediction.probabilities();
    Object[] values = new Object[2 + p.length];
    values[0] = prediction.id();
    values[1] = predicted(p);
    for (int k = 0; k < p.length; k++) {
      values[2 + k] = doubles ? (Object) p[k] : (Object) (float) p[k];
    }
    return values;
  }

  public String csvHeader() {
    StringJoiner line = new StringJoiner(",");
    columns().forEach(c -> line.add(csvField(c)));
    return line.toString();
  }

  public String csvLine(Prediction prediction) {
    StringJoiner line = new StringJoiner(",");
    for (Object value : values(prediction)) {
      line.add(csvField(String.valueOf(value)));
    }
    return line.toString();
  }

  /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
  static String csvField(String field) {
    if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }
}
