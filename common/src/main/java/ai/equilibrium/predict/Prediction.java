package ai.equilibrium.predict;

import java.io.Serializable;

/** One item's prediction: its id and the model's probabilities, exactly as computed (floats widened exactly). */
public record Prediction(String id, double[] probabilities) implements Serializable {
  private static final long serialVersionUID = 1L;
}
