package ai.equilibrium.loss;

import ai.equilibrium.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Multi-class cross-entropy of softmax(logits): -log p_y, summed over the batch; d/dlogits = p - onehot(y). */
public final class SoftmaxCrossEntropy implements TaskLoss {
  private static final long serialVersionUID = 1L;

  @Override
  public Terms terms(INDArray logits, int[] labels) {
    int n = (int) logits.size(0);
    int classes = (int) logits.size(1);
    if (labels.length != n) {
      throw new IllegalArgumentException(labels.length + " labels for " + n + " rows of logits");
    }
    double[] z = logits.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
    double[] gradient = new double[z.length];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      int y = labels[i];
      if (y < 0 || y >= classes) {
        throw new IllegalArgumentException("label " + y + " outside [0, " + classes + ")");
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < classes; k++) {
        max = Math.max(max, z[i * classes + k]);
      }
      double total = 0;
      for (int k = 0; k < classes; k++) {
        total += Math.exp(z[i * classes + k] - max);
      }
      double logTotal = max + Math.log(total); // log-sum-exp, stable for large logits
      sum += logTotal - z[i * classes + y];
      for (int k = 0; k < classes; k++) {
        gradient[i * classes + k] = Math.exp(z[i * classes + k] - logTotal) - (k == y ? 1 : 0);
      }
    }
    return new Terms(sum, HostArrays.fromDoubles(gradient, n, classes).castTo(logits.dataType()));
  }
}
