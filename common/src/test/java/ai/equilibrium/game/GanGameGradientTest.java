package ai.equilibrium.game;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.loss.NonSaturatingLoss;
import ai.equilibrium.model.Dcgan28Spec;
import ai.equilibrium.model.MlpSpec;
import ai.equilibrium.model.NetworkSpec;
import ai.equilibrium.model.NumericVector;
import ai.equilibrium.model.ParameterSegment;
import ai.equilibrium.model.ParameterSet;
import ai.equilibrium.train.MicroBatchPlan;
import ai.equilibrium.train.ShardResult;
import ai.equilibrium.train.StepRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Both players' gradients, as the game computes them on a shard, against central finite differences of
 * the game's own mean loss, in double precision: the adversary's parameter gradient, and the generator's
 * gradient that flows through the discriminator's input gradient.
 */
class GanGameGradientTest {
  private static final double H = 1e-6;

  @Test
  void mlpGradientsOfBothPlayersMatchFiniteDifferences() {
    GanGame game = game(new MlpSpec(3, List.of(5), List.of(4)), new SampleShape.Point(2), 2, 4);
    DataShard shard = randomShard(2, 50, 7);
    checkAllTrainable(game, shard, Player.ADVERSARY, Integer.MAX_VALUE);
    checkAllTrainable(game, shard, Player.MAIN, Integer.MAX_VALUE);
  }

  @Test
  void dcganGradientsThroughConvolutionsAndBatchNormMatchFiniteDifferences() {
    GanGame game = game(new Dcgan28Spec(6), new SampleShape.Image(1, 28, 28), 1, 3);
    DataShard shard = randomShard(784, 10, 11);
    checkAllTrainable(game, shard, Player.ADVERSARY, 25);
    checkAllTrainable(game, shard, Player.MAIN, 25);
  }

  private static GanGame game(NetworkSpec spec, SampleShape shape, int microBatches, int microBatchSize) {
    return new GanGame(spec, shape, new NonSaturatingLoss(), new MicroBatchPlan(1, microBatches, microBatchSize), 42L,
        DataType.DOUBLE);
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
   * Compares d(mean loss)/d(theta_i) from the shard result with (L(theta + h e_i) - L(theta - h e_i)) / 2h for
   * up to {@code limit} trainable parameters of {@code player}, spread over every segment.
   */
  private static void checkAllTrainable(GanGame game, DataShard shard, Player player, int limit) {
    GanNetworks nets = game.buildNetworks();
    StepRequest request = new StepRequest(3, 0, EnumSet.of(player));
    ShardResult result = game.computeShard(nets, shard, 0, request);
    NumericVector sum = result.gradientSum(player);
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
      double numeric = (meanLoss(game, nets, shard, request, player, plus)
          - meanLoss(game, nets, shard, request, player, minus)) / (2 * H);
      double tolerance = 1e-5 * Math.max(1e-3, Math.max(Math.abs(analytic), Math.abs(numeric)));
      assertEquals(numeric, analytic, tolerance, player + " parameter " + i + " (" + segmentOf(params, i) + ")");
      checked++;
    }
    nets.setParameters(player, NumericVector.of(theta, DataType.DOUBLE));
    assertTrue(checked >= Math.min(limit, params.trainableCount()) - params.segments().size());
  }

  private static double meanLoss(GanGame game, GanNetworks nets, DataShard shard, StepRequest request, Player player,
      double[] theta) {
    nets.setParameters(player, NumericVector.of(theta, DataType.DOUBLE));
    return game.computeShard(nets, shard, 0, request).meanLoss(player);
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
