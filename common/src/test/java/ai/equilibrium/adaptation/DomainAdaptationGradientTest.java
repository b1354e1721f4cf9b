package ai.equilibrium.adaptation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.data.DomainShard;
import ai.equilibrium.data.TwoMoonsSource;
import ai.equilibrium.loss.AdversarialWeight;
import ai.equilibrium.loss.DomainLossReduction;
import ai.equilibrium.loss.MainPlayerLoss;
import ai.equilibrium.loss.SoftmaxCrossEntropy;
import ai.equilibrium.model.DomainAdaptationSpec;
import ai.equilibrium.stabilize.Penalties;
import ai.equilibrium.stabilize.R1Penalty;
import ai.equilibrium.step.GradientTerm;
import ai.equilibrium.step.MicroBatchPlan;
import ai.equilibrium.step.Player;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.step.StepRequest;
import ai.equilibrium.tensor.NumericVector;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Each of the three networks' gradients on its own, against central differences of the loss its player
 * reports, in double precision: the feature extractor F (task loss plus the reversed domain loss at the DANN
 * schedule's λ of step 40 of 100), the label classifier C, and the domain classifier D with an R1 penalty in
 * feature space. Both domain-loss reductions. A direction that moves one network only exposes an error that
 * another network's larger gradient would hide in a joint direction.
 */
class DomainAdaptationGradientTest {
  private static final double H = 1e-6;
  private static final int DIRECTIONS = 3;
  private static final long STEP = 40;
  private static final AdversarialWeight LAMBDA = new AdversarialWeight.DannSchedule(100, 10);

  static Stream<Arguments> networks() {
    return Stream.of(DomainLossReduction.values()).flatMap(r -> Stream.of(
        Arguments.of("features", r), Arguments.of("classifier", r), Arguments.of("domain-classifier", r)));
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("networks")
  void eachNetworksGradientIsTheDerivativeOfItsPlayersLoss(String network, DomainLossReduction reduction) {
    double lambda = LAMBDA.at(STEP);
    assertTrue(lambda > 0.9 && lambda < 1, "the schedule's λ at p = 0.4: " + lambda);
    DomainAdaptationGame game = new DomainAdaptationGame(
        new DomainAdaptationSpec(List.of(6), 5, List.of(4), List.of(4)), 2, 2,
        MainPlayerLoss.combined(new SoftmaxCrossEntropy(), LAMBDA), reduction,
        new Penalties(List.of(new R1Penalty(0.5)), 1e-5), new MicroBatchPlan(1, 2, 4), 11L, DataType.DOUBLE);
    DomainShard shard = new TwoMoonsSource(48, 16, 0.1, 30, 5).loadShard(0, 1);
    DomainAdaptationNetworks nets = game.buildNetworks();
    Player player = network.equals("domain-classifier") ? Player.ADVERSARY : Player.MAIN;
    int featureParameters = (int) nets.features().parameters().length();
    int size = nets.parameters(player).size();
    int from = network.equals("classifier") ? featureParameters : 0;
    int to = network.equals("features") ? featureParameters : size;

    StepRequest request = new StepRequest(STEP, 0, EnumSet.of(player));
    ShardResult result = game.computeShard(nets, shard, 0, request);
    NumericVector gradient = result.gradientSum(GradientTerm.own(player));
    double[] theta = nets.parameters(player).values().clone();
    SplittableRandom random = new SplittableRandom(23);
    for (int d = 0; d < DIRECTIONS; d++) {
      double[] direction = new double[size];
      for (int i = from; i < to; i++) {
        direction[i] = random.nextGaussian();
      }
      double analytic = 0;
      for (int i = 0; i < size; i++) {
        analytic += direction[i] * gradient.get(i) / result.samples();
      }
      double numeric = (loss(game, nets, shard, request, player, theta, direction, H)
          - loss(game, nets, shard, request, player, theta, direction, -H)) / (2 * H);
      assertTrue(Math.abs(numeric) > 1e-4, network + ": the direction moves the loss (" + numeric + ")");
      assertEquals(numeric, analytic, 1e-6 * Math.abs(numeric), network + "'s gradient along direction " + d);
    }
  }

  private static double loss(DomainAdaptationGame game, DomainAdaptationNetworks nets, DomainShard shard,
      StepRequest request, Player player, double[] theta, double[] direction, double step) {
    double[] moved = theta.clone();
    for (int i = 0; i < moved.length; i++) {
      moved[i] += step * direction[i];
    }
    nets.setParameters(player, NumericVector.of(moved, DataType.DOUBLE));
    ShardResult result = game.computeShard(nets, shard, 0, request);
    nets.setParameters(player, NumericVector.of(theta, DataType.DOUBLE));
    double loss = result.meanLoss(player);
    if (player == Player.ADVERSARY) {
      // The adversary descends its penalized loss; the penalties are reported beside it.
      for (Map.Entry<String, Double> d : result.diagnosticMeans().entrySet()) {
        loss += d.getKey().startsWith("penalty_") ? d.getValue() : 0;
      }
    }
    return loss;
  }
}
