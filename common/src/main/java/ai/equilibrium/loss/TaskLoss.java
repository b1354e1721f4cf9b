package ai.equilibrium.loss;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The main player's own supervised loss on labelled samples, such as a domain-adaptation label classifier's
 * cross-entropy on the source domain. Returns SUMS over the batch, like {@link AdversarialLoss}. Runs on
 * executors; stateless.
 */
public interface TaskLoss extends Serializable {

  /**
   * @param logits [n, classes]
   * @param labels n class indices in [0, classes)
   */
  Terms terms(INDArray logits, int[] labels);

  /** @param sum sum over samples; {@code dLogits}: d(sum)/d(logits), shaped like the logits */
  record Terms(double sum, INDArray dLogits) {}
}
