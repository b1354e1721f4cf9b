package ai.equilibrium.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.loss.AdversarialLoss;
import ai.equilibrium.loss.MainPlayerLoss;
import ai.equilibrium.loss.MinimaxLoss;
import ai.equilibrium.loss.NonSaturatingLoss;
import ai.equilibrium.model.Dcgan28Spec;
import ai.equilibrium.model.MlpSpec;
import ai.equilibrium.model.NetworkSpec;
import ai.equilibrium.stabilize.GradientPenalty;
import ai.equilibrium.stabilize.Penalties;
import ai.equilibrium.stabilize.R1Penalty;
import ai.equilibrium.stabilize.R2Penalty;
import ai.equilibrium.stabilize.WganGradientPenalty;
import ai.equilibrium.stabilize.ZeroCentredGradientPenalty;
import ai.equilibrium.step.GradientTerm;
import ai.equilibrium.step.MicroBatchPlan;
import ai.equilibrium.step.Player;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.step.StepRequest;
import ai.equilibrium.tensor.NumericVector;
import ai.equilibrium.tensor.ParameterSegment;
import ai.equilibrium.tensor.ParameterSet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Every gradient term, as the game computes it on a shard, against central finite differences of the
 * game's own mean losses, in double precision: each player's own gradient, the cross terms the
 * best-response correction needs, and gradient penalties differentiated with first-order passes only.
 */
class GanGameGradientTest {
  private static final double H = 1e-6;

  @Test
  void mlpGradientsOfBothPlayersMatchFiniteDifferences() {
    GanGame game = game(new MlpSpec(3, List.of(5), List.of(4)), new NonSaturatingLoss(), Penalties.none(), 2, 4);
    DataShard shard = randomShard(2, 50, 7);
    for (GradientTerm term : GradientTerm.values()) {
      checkTerm(game, shard, term, Integer.MAX_VALUE);
    }
  }

  @Test
  void zeroSumGameDifferentiatesTheNegatedAdversaryLossIncludingRealSamples() {
    GanGame game = game(new MlpSpec(3, List.of(5), List.of(4)), new MinimaxLoss(), Penalties.none(), 2, 4);
    DataShard shard = randomShard(2, 50, 7);
    checkTerm(game, shard, GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS, Integer.MAX_VALUE);
    checkTerm(game, shard, GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS, Integer.MAX_VALUE);
  }

  @Test
  void dcganGradientsThroughConvolutionsAndBatchNormMatchFiniteDifferences() {
    GanGame game = game(new Dcgan28Spec(6), new NonSaturatingLoss(), Penalties.none(), 1, 3);
    DataShard shard = randomShard(784, 10, 11);
    for (GradientTerm term : GradientTerm.values()) {
      checkTerm(game, shard, term, 25);
    }
  }

  /**
   * Every penalty's parameter gradient (first-order passes only) and its pull on the generator, against a
   * finite difference of the whole penalized adversary loss.
   */
  @ParameterizedTest
  @MethodSource("penalties")
  void penalizedAdversaryLossMatchesFiniteDifferences(GradientPenalty penalty) {
    GanGame game = game(new MlpSpec(3, List.of(5), List.of(6, 4)), new NonSaturatingLoss(),
        new Penalties(List.of(penalty), 1e-5), 2, 4);
    DataShard shard = randomShard(2, 50, 7);
    checkTerm(game, shard, GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS, Integer.MAX_VALUE);
    checkTerm(game, shard, GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS, Integer.MAX_VALUE);
  }

  static List<GradientPenalty> penalties() {
    return List.of(new WganGradientPenalty(10), new R1Penalty(3), new R2Penalty(3), new ZeroCentredGradientPenalty(2));
  }

  private static GanGame game(NetworkSpec spec, AdversarialLoss loss, Penalties penalties, int microBatches,
      int microBatchSize) {
    SampleShape shape = spec instanceof Dcgan28Spec ? new SampleShape.Image(1, 28, 28) : new SampleShape.Point(2);
    return new GanGame(spec, shape, loss, MainPlayerLoss.adversarialOnly(), penalties,
        new MicroBatchPlan(1, microBatches, microBatchSize), 42L, DataType.DOUBLE);
  }

  private static DataShard randomShard(int dimension, int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[dimension * rows];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (2 * random.nextDouble() - 1);
    }
    return new DataShard(dimension, values);
  }

  /**
   * Compares a gradient term, d(mean loss of term.loss())/d(theta_i) from a shard result that computed every
   * term at once, with (L(theta + h e_i) - L(theta - h e_i)) / 2h for up to {@code limit} trainable
   * parameters of term.parameters(), spread over every segment.
   */
  private static void checkTerm(GanGame game, DataShard shard, GradientTerm term, int limit) {
    GanNetworks nets = game.buildNetworks();
    StepRequest all = new StepRequest(3, 0, EnumSet.allOf(Player.class), EnumSet.allOf(GradientTerm.class));
    ShardResult result = game.computeShard(nets, shard, 0, all);
    NumericVector sum = result.gradientSum(term);
    Player player = term.parameters();
    ParameterSet params = nets.parameters(player);
    double[] theta = params.values().clone();

    List<Integer> indices = chooseIndices(params, limit);
    int checked = 0;
    for (int i : indices) {
      double analytic = sum.get(i) / result.samples();
      double[] plus = theta.clone();
      plus[i] += H;
      double[] minus = theta.clone();
      minus[i] -= H;
      double numeric = (loss(game, nets, shard, term.loss(), player, plus)
          - loss(game, nets, shard, term.loss(), player, minus)) / (2 * H);
      double tolerance = 1e-5 * Math.max(1e-3, Math.max(Math.abs(analytic), Math.abs(numeric)));
      assertEquals(numeric, analytic, tolerance, term + " parameter " + i + " (" + segmentOf(params, i) + ")");
      checked++;
    }
    nets.setParameters(player, NumericVector.of(theta, DataType.DOUBLE));
    assertTrue(checked >= Math.min(limit, params.trainableCount()) - params.segments().size());
  }

  /**
   * The mean loss of {@code lossOf} with {@code player}'s parameters set to theta: the adversary's includes
   * its penalties; the main player's is the negated adversary loss in a zero-sum game.
   */
  private static double loss(GanGame game, GanNetworks nets, DataShard shard, Player lossOf, Player player,
      double[] theta) {
    nets.setParameters(player, NumericVector.of(theta, DataType.DOUBLE));
    StepRequest adversary = new StepRequest(3, 0, EnumSet.of(Player.ADVERSARY));
    if (lossOf == Player.MAIN && !game.zeroSum()) {
      return game.computeShard(nets, shard, 0, new StepRequest(3, 0, EnumSet.of(Player.MAIN))).meanLoss(Player.MAIN);
    }
    ShardResult r = game.computeShard(nets, shard, 0, adversary);
    if (lossOf == Player.MAIN) {
      return -r.meanLoss(Player.ADVERSARY);
    }
    double penalized = r.meanLoss(Player.ADVERSARY);
    for (Map.Entry<String, Double> d : r.diagnosticMeans().entrySet()) {
      if (d.getKey().startsWith("penalty_")) {
        penalized += d.getValue();
      }
    }
    return penalized;
  }

  private static List<Integer> chooseIndices(ParameterSet params, int limit) {
    List<ParameterSegment> trainable = params.segments().stream()
        .filter(s -> s.role() == ParameterSegment.Role.TRAINABLE).toList();
    int perSegment = Math.max(1, limit / trainable.size());
    List<Integer> indices = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(5);
    for (ParameterSegment s : trainable) {
      if (s.length() <= perSegment) {
        for (int i = s.offset(); i < s.end(); i++) {
          indices.add(i);
        }
      } else {
        for (int k = 0; k < perSegment; k++) {
          indices.add(s.offset() + random.nextInt(s.length()));
        }
      }
    }
    return indices;
  }

  private static String segmentOf(ParameterSet params, int index) {
    return params.segments().stream().filter(s -> index >= s.offset() && index < s.end())
        .map(ParameterSegment::name).findFirst().orElse("?");
  }
}
