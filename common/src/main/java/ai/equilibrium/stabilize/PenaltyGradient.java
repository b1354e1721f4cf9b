package ai.equilibrium.stabilize;

import ai.equilibrium.model.DifferentiableNetwork;
import ai.equilibrium.tensor.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Value and gradients of a gradient penalty, with first-order passes only. With g_i = grad_x D(x_i) and
 * w_i = psi'(|g_i|) g_i / |g_i|, the penalty's parameter gradient sum_i (d g_i / d theta)^T w_i is the
 * derivative of the directional derivative of D along w_i, taken by a central finite difference:
 *
 * <pre>  sum_i [ grad_theta D(x_i + h_i w_i) - grad_theta D(x_i - h_i w_i) ] / (2 h_i)</pre>
 *
 * exact up to O(h^2) (and exact between the kinks of a piecewise-linear network). The same two passes give
 * the Hessian-vector products H_i w_i, the penalty's gradient with respect to its points, which carries it
 * back into a generator. The backward passes weight each sample by +-1/(2 h_i), so one batched pass per
 * sign serves every point.
 *
 * <p>Needs an adversary whose output for one sample does not depend on the other samples of the batch
 * (no BatchNorm): the input gradient of the summed output is then the per-sample gradient.
 */
public final class PenaltyGradient {
  private PenaltyGradient() {}

  /**
   * @param sum               the penalty summed over the points
   * @param parameterGradient its gradient with respect to the adversary's parameters (flat, DL4J layout)
   * @param pointGradient     its gradient with respect to the points [n, d], or null if not wanted
   */
  public record Evaluation(double sum, INDArray parameterGradient, INDArray pointGradient) {}

  /**
   * Evaluates a penalty at {@code points} [n, d]. Uses {@code adversary} as scratch space: its forward state
   * afterwards is not that of any earlier pass.
   *
   * @param relativeStep each point moves by relativeStep * max(1, |x_i|) along w_i, so h scales with the
   *                     input; in double precision, about 1e-6. The step must rarely cross a kink of a
   *                     piecewise-linear network (a crossing corrupts that sample's term by O(1/h)), which
   *                     float rounding does not allow
   */
  public static Evaluation evaluate(GradientPenalty penalty, DifferentiableNetwork adversary, INDArray points,
      boolean wantPointGradient, double relativeStep) {
    int n = (int) points.size(0);
    int d = (int) (points.length() / n);
    adversary.forward(points);
    INDArray ones = Nd4j.ones(points.dataType(), n, 1);
    double[] inputGradients = rowMajor(adversary.backward(ones, true));
    double[] x = rowMajor(points);

    double sum = 0;
    double[] displacement = new double[n * d];
    double[] weights = new double[n];
    for (int i = 0; i < n; i++) {
      int row = i * d;
      double norm = norm(inputGradients, row, d);
      sum += penalty.value(norm);
      double slope = penalty.slopeOverNorm(norm);
      double directionNorm = Math.abs(slope) * norm;
      if (directionNorm == 0) {
        continue; // psi does not change with this point's gradient: it adds nothing
      }
      double h = relativeStep * Math.max(1, norm(x, row, d)) / directionNorm;
      for (int j = row; j < row + d; j++) {
        displacement[j] = h * slope * inputGradients[j];
      }
      weights[i] = 1 / (2 * h);
    }

    INDArray shift = HostArrays.fromDoubles(displacement, n, d).castTo(points.dataType()).reshape(points.shape());
    INDArray plusWeights = HostArrays.fromDoubles(weights, n, 1).castTo(points.dataType());
    adversary.forward(points.add(shift));
    INDArray plusPointGradient = adversary.backward(plusWeights, wantPointGradient);
    INDArray parameterGradient = adversary.gradients().dup();
    adversary.forward(points.sub(shift));
    INDArray minusPointGradient = adversary.backward(plusWeights.neg(), wantPointGradient);
    parameterGradient.addi(adversary.gradients());
    INDArray pointGradient = wantPointGradient ? plusPointGradient.addi(minusPointGradient) : null;
    return new Evaluation(sum, parameterGradient, pointGradient);
  }

  private static double[] rowMajor(INDArray array) {
    return Nd4j.toFlattened('c', array).toDoubleVector();
  }

  private static double norm(double[] values, int from, int length) {
    double s = 0;
    for (int j = from; j < from + length; j++) {
      s += values[j] * values[j];
    }
    return Math.sqrt(s);
  }
}
