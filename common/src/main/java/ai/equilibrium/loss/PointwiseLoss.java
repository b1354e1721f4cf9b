package ai.equilibrium.loss;

import java.util.function.DoubleUnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Base for losses that are a sum of per-logit terms: real terms a(r), fake terms b(f) for the adversary and
 * g(f) for the main player. Subclasses give each term and its derivative; the array plumbing lives here.
 * Logits are [n, 1]; evaluation is in double whatever the network precision.
 */
public abstract class PointwiseLoss implements AdversarialLoss {
  private static final long serialVersionUID = 1L;

  protected abstract double realTerm(double logit);

  protected abstract double realTermDerivative(double logit);

  protected abstract double fakeTerm(double logit);

  protected abstract double fakeTermDerivative(double logit);

  protected abstract double mainTerm(double logit);

  protected abstract double mainTermDerivative(double logit);

  @Override
  public final AdversaryLossTerms adversary(AdversaryOutputs outputs) {
    double[] real = outputs.real().toDoubleVector();
    double[] fake = outputs.fake().toDoubleVector();
    double sum = 0;
    for (double r : real) {
      sum += realTerm(r);
    }
    for (double f : fake) {
      sum += fakeTerm(f);
    }
    return new AdversaryLossTerms(sum,
        derivative(real, this::realTermDerivative, outputs.real()),
        derivative(fake, this::fakeTermDerivative, outputs.fake()));
  }

  @Override
  public final MainLossTerms main(INDArray fakeLogits) {
    double[] fake = fakeLogits.toDoubleVector();
    double sum = 0;
    for (double f : fake) {
      sum += mainTerm(f);
    }
    return new MainLossTerms(sum, derivative(fake, this::mainTermDerivative, fakeLogits));
  }

  private static INDArray derivative(double[] logits, DoubleUnaryOperator d, INDArray like) {
    double[] out = new double[logits.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = d.applyAsDouble(logits[i]);
    }
    return Nd4j.createFromArray(out).reshape(like.shape()).castTo(like.dataType());
  }

  /** log(1 + e^x) without overflow. */
  protected static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  protected static double sigmoid(double x) {
    return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
  }
}
