package ai.equilibrium.loss;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An adversarial loss on the adversary's logits, with the loss value an ideal adversary attains.
 *
 * <p>Convention: a batch pairs n real with n generated samples; the adversary's loss is
 * mean(real terms) + mean(fake terms) and the main player's is mean(fake terms). Methods return SUMS over
 * the samples they are given, and gradients of those sums with respect to each logit, so shards can be
 * summed and divided once by the global n on the driver. Runs on executors; stateless.
 */
public interface AdversarialLoss extends Serializable {

  /** Loss sum and logit gradients of the adversary on a batch of real and generated samples. */
  AdversaryLossTerms adversary(AdversaryOutputs outputs);

  /** Loss sum and logit gradient of the main player (generator) on the adversary's logits of fakes. */
  MainLossTerms main(INDArray fakeLogits);

  /**
   * Whether the main player's loss is exactly the adversary's loss negated (minimax, Wasserstein), so the
   * game is zero-sum. The main player's loss as a function of the adversary's parameters then includes the
   * term on real samples, which its own gradient does not need: d(main loss)/d(adversary) =
   * -d(adversary loss)/d(adversary).
   */
  default boolean zeroSum() {
    return false;
  }

  /**
   * V*: the adversary's loss, as reduced above, when the generated distribution equals the data
   * distribution and the adversary is the best constant predictor.
   */
  double idealAdversaryLoss();

  /** The adversary's logits on real and generated samples, named so they cannot be swapped. */
  record AdversaryOutputs(INDArray real, INDArray fake) {}

  /** @param sum sum over samples; {@code dReal}, {@code dFake}: d(sum)/d(logit), shaped like the logits */
  record AdversaryLossTerms(double sum, INDArray dReal, INDArray dFake) {}

  /** @param sum sum over samples; {@code dFake}: d(sum)/d(logit) */
  record MainLossTerms(double sum, INDArray dFake) {}
}
