package ai.equilibrium.adaptation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.equilibrium.data.DomainShard;
import ai.equilibrium.data.TwoMoonsSource;
import ai.equilibrium.game.AdversarialGameContract;
import ai.equilibrium.loss.AdversarialWeight;
import ai.equilibrium.loss.DomainLossReduction;
import ai.equilibrium.loss.MainPlayerLoss;
import ai.equilibrium.loss.SoftmaxCrossEntropy;
import ai.equilibrium.model.DomainAdaptationSpec;
import ai.equilibrium.stabilize.Penalties;
import ai.equilibrium.step.GradientTerm;
import ai.equilibrium.step.MicroBatchPlan;
import ai.equilibrium.step.Player;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.step.StepRequest;
import ai.equilibrium.tensor.NumericVector;
import ai.equilibrium.tensor.ParameterSet;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Domain adaptation passes the contract of every adversarial game (both players' gradients against finite
 * differences, with the reversed domain term at λ = 0.7 in the main player's), and its gradient reversal is
 * exactly -λ times the domain loss's gradient with respect to the feature extractor, reaching F and not C.
 */
class DomainAdaptationGameContractTest
    extends AdversarialGameContract<DomainAdaptationGame, DomainAdaptationNetworks, DomainShard> {
  private static final double LAMBDA = 0.7;

  private static DomainAdaptationGame game(MicroBatchPlan plan, double lambda) {
    return new DomainAdaptationGame(new DomainAdaptationSpec(List.of(6), 5, List.of(4), List.of(4)), 2, 2,
        MainPlayerLoss.combined(new SoftmaxCrossEntropy(), new AdversarialWeight.Constant(lambda)),
        DomainLossReduction.MEAN, Penalties.none(), plan, 3L, DataType.DOUBLE);
  }

  @Override
  protected DomainAdaptationGame game(MicroBatchPlan plan) {
    return game(plan, LAMBDA);
  }

  @Override
  protected DomainShard shard() {
    return new TwoMoonsSource(48, 16, 0.1, 30, 5).loadShard(0, 1);
  }

  private static double[] mainGradient(double lambda) {
    DomainAdaptationGame game = game(new MicroBatchPlan(1, 1, 8), lambda);
    ShardResult result = game.computeShard(game.buildNetworks(), new TwoMoonsSource(48, 16, 0.1, 30, 5).loadShard(0, 1),
        0, new StepRequest(2, 0, EnumSet.of(Player.MAIN)));
    NumericVector sum = result.gradientSum(GradientTerm.MAIN_LOSS_MAIN_PARAMETERS);
    double[] values = new double[sum.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = sum.get(i) / result.samples();
    }
    return values;
  }

  @Test
  void theReversedDomainGradientReachesTheFeatureExtractorAloneScaledByMinusLambda() {
    double[] withoutReversal = mainGradient(0);
    double[] reversed = mainGradient(LAMBDA);
    DomainAdaptationGame game = game(new MicroBatchPlan(1, 1, 8), LAMBDA);
    DomainAdaptationNetworks nets = game.buildNetworks();
    ParameterSet main = nets.parameters(Player.MAIN);
    int featureParameters = (int) nets.features().parameters().length();
    assertEquals(main.size(), reversed.length);
    double[] classifierPart = Arrays.copyOfRange(reversed, featureParameters, reversed.length);
    assertArrayEquals(Arrays.copyOfRange(withoutReversal, featureParameters, reversed.length), classifierPart,
        0.0, "the label classifier never sees the domain loss");

    // The domain loss's own derivative with respect to F, by central differences of the loss the adversary reports.
    DomainShard shard = new TwoMoonsSource(48, 16, 0.1, 30, 5).loadShard(0, 1);
    StepRequest adversaryPass = new StepRequest(2, 0, EnumSet.of(Player.ADVERSARY));
    SplittableRandom random = new SplittableRandom(9);
    double[] theta = main.values().clone();
    double[] direction = new double[theta.length];
    for (int i = 0; i < featureParameters; i++) {
      direction[i] = random.nextGaussian();
    }
    double h = 1e-6;
    double[] losses = new double[2];
    for (int side = 0; side < 2; side++) {
      double[] moved = theta.clone();
      for (int i = 0; i < moved.length; i++) {
        moved[i] += (side == 0 ? h : -h) * direction[i];
      }
      nets.setParameters(Player.MAIN, NumericVector.of(moved, DataType.DOUBLE));
      losses[side] = game.computeShard(nets, shard, 0, adversaryPass).meanLoss(Player.ADVERSARY);
    }
    double domainSlope = (losses[0] - losses[1]) / (2 * h);
    double reversalSlope = 0;
    for (int i = 0; i < featureParameters; i++) {
      reversalSlope += direction[i] * (reversed[i] - withoutReversal[i]);
    }
    assertNotEquals(0.0, domainSlope, "the direction moves the domain loss");
    assertEquals(-LAMBDA * domainSlope, reversalSlope, 1e-6 * Math.abs(domainSlope),
        "F's gradient changes by -λ dL_D/dF");
  }
}
