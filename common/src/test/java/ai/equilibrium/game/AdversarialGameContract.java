package ai.equilibrium.game;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.step.GradientTerm;
import ai.equilibrium.step.MicroBatchPlan;
import ai.equilibrium.step.Player;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.step.StepRequest;
import ai.equilibrium.tensor.NumericVector;
import ai.equilibrium.tensor.ParameterSegment;
import ai.equilibrium.tensor.ParameterSet;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What every {@link AdversarialGame} must do, whatever its players: each player's own gradient is the
 * derivative of the loss it reports, its draws depend on (seed, step, micro-batch) alone, and splitting the
 * same micro-batches over more partitions changes nothing but rounding. A game passes by extending this class
 * with tiny double-precision networks.
 */
public abstract class AdversarialGameContract<G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> {
  private static final double H = 1e-6;
  private static final int DIRECTIONS = 4;

  /** The game with {@code plan}, tiny networks in double precision, no stochastic regularizers. */
  protected abstract G game(MicroBatchPlan plan);

  /** One partition's data; the partition-count test gives every partition this same shard. */
  protected abstract S shard();

  @Test
  public void eachPlayersGradientIsTheDerivativeOfTheLossItReports() {
    G game = game(new MicroBatchPlan(1, 2, 4));
    S shard = shard();
    for (Player player : Player.values()) {
      N nets = game.buildNetworks();
      StepRequest request = new StepRequest(5, 0, EnumSet.of(player));
      ShardResult result = game.computeShard(nets, shard, 0, request);
      NumericVector gradient = result.gradientSum(GradientTerm.own(player));
      ParameterSet parameters = nets.parameters(player);
      double[] theta = parameters.values().clone();
      SplittableRandom random = new SplittableRandom(17);
      for (int d = 0; d < DIRECTIONS; d++) {
        double[] direction = trainableDirection(parameters, random);
        double analytic = 0;
        for (int i = 0; i < theta.length; i++) {
          analytic += direction[i] * gradient.get(i) / result.samples();
        }
        double numeric = (loss(game, nets, shard, request, player, theta, direction, H)
            - loss(game, nets, shard, request, player, theta, direction, -H)) / (2 * H);
        assertEquals(numeric, analytic, 1e-6 * Math.max(1e-3, Math.abs(numeric)),
            player + "'s gradient along direction " + d);
      }
    }
  }

  @Test
  public void drawsDependOnSeedStepAndMicroBatchAloneNotOnTheNetworksHistory() {
    G game = game(new MicroBatchPlan(2, 2, 4));
    S shard = shard();
    StepRequest both = new StepRequest(7, 0, EnumSet.allOf(Player.class));
    ShardResult fresh = game.computeShard(game.buildNetworks(), shard, 1, both);

    N used = game.buildNetworks();
    game.computeShard(used, shard, 0, new StepRequest(3, 1, EnumSet.of(Player.ADVERSARY)));
    game.computeShard(used, shard, 1, new StepRequest(7, 0, EnumSet.of(Player.MAIN)));
    assertSameResult(fresh, game.computeShard(used, shard, 1, both), 0.0, "networks that computed other steps first");

    ShardResult otherStep = game.computeShard(game.buildNetworks(), shard, 1,
        new StepRequest(8, 0, EnumSet.allOf(Player.class)));
    assertNotEquals(fresh.meanLoss(Player.ADVERSARY), otherStep.meanLoss(Player.ADVERSARY),
        "another step draws other samples");
    ShardResult otherPartition = game.computeShard(game.buildNetworks(), shard, 0, both);
    assertNotEquals(fresh.meanLoss(Player.ADVERSARY), otherPartition.meanLoss(Player.ADVERSARY),
        "another partition computes other micro-batches");
  }

  @Test
  public void theSameMicroBatchesOverMorePartitionsGiveTheSameResult() {
    StepRequest both = new StepRequest(2, 0, EnumSet.allOf(Player.class));
    ShardResult whole = merged(game(new MicroBatchPlan(1, 4, 3)), both);
    assertEquals(12, whole.samples());
    for (MicroBatchPlan split : new MicroBatchPlan[] {new MicroBatchPlan(2, 2, 3), new MicroBatchPlan(4, 1, 3)}) {
      assertSameResult(whole, merged(game(split), both), 1e-12, split.partitions() + " partitions");
    }
  }

  /** Every partition of the plan on the same shard, merged in partition order. */
  private ShardResult merged(G game, StepRequest request) {
    N nets = game.buildNetworks();
    S shard = shard();
    ShardResult total = game.computeShard(nets, shard, 0, request);
    for (int p = 1; p < game.plan().partitions(); p++) {
      total.merge(game.computeShard(nets, shard, p, request));
    }
    return total;
  }

  private double loss(G game, N nets, S shard, StepRequest request, Player player, double[] theta,
      double[] direction, double step) {
    double[] moved = theta.clone();
    for (int i = 0; i < moved.length; i++) {
      moved[i] += step * direction[i];
    }
    nets.setParameters(player, NumericVector.of(moved, DataType.DOUBLE));
    double loss = game.computeShard(nets, shard, 0, request).meanLoss(player);
    nets.setParameters(player, NumericVector.of(theta, DataType.DOUBLE));
    return loss;
  }

  /** A random unit direction over the trainable parameters (running statistics are not differentiated). */
  private static double[] trainableDirection(ParameterSet parameters, SplittableRandom random) {
    double[] direction = new double[parameters.size()];
    double norm = 0;
    for (ParameterSegment s : parameters.segments()) {
      if (s.role() == ParameterSegment.Role.TRAINABLE) {
        for (int i = s.offset(); i < s.end(); i++) {
          direction[i] = random.nextGaussian();
          norm += direction[i] * direction[i];
        }
      }
    }
    for (int i = 0; i < direction.length; i++) {
      direction[i] /= Math.sqrt(norm);
    }
    return direction;
  }

  private static void assertSameResult(ShardResult expected, ShardResult actual, double relative, String what) {
    assertEquals(expected.samples(), actual.samples(), what + ": samples");
    for (GradientTerm t : GradientTerm.values()) {
      assertEquals(expected.hasGradient(t), actual.hasGradient(t), what + ": " + t);
      if (expected.hasGradient(t)) {
        assertEquals(expected.passes(t), actual.passes(t), what + ": passes of " + t);
        NumericVector e = expected.gradientSum(t);
        NumericVector a = actual.gradientSum(t);
        assertEquals(e.length(), a.length());
        for (int i = 0; i < e.length(); i++) {
          assertClose(e.get(i), a.get(i), relative, what + ": " + t + "[" + i + "]");
        }
      }
    }
    for (Player p : Player.values()) {
      assertClose(expected.meanLoss(p), actual.meanLoss(p), relative, what + ": loss of " + p);
    }
    Map<String, Double> diagnostics = expected.diagnosticMeans();
    assertEquals(diagnostics.keySet(), actual.diagnosticMeans().keySet(), what + ": diagnostics");
    diagnostics.forEach((name, mean) -> assertClose(mean, actual.diagnosticMeans().get(name), relative, what + ": " + name));
  }

  private static void assertClose(double expected, double actual, double relative, String what) {
    if (relative == 0) {
      assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual), what + ": " + expected + " against "
          + actual);
    } else {
      assertTrue(Math.abs(expected - actual) <= relative * Math.max(1, Math.abs(expected)),
          what + ": " + expected + " against " + actual);
    }
  }
}
