package ai.equilibrium.bilinear;

import ai.equilibrium.data.DeterministicSeeds;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.step.GradientSums;
import ai.equilibrium.step.GradientTerm;
import ai.equilibrium.step.MicroBatch;
import ai.equilibrium.step.MicroBatchLoop;
import ai.equilibrium.step.MicroBatchPlan;
import ai.equilibrium.step.Player;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.step.StepRequest;
import java.util.SplittableRandom;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The bilinear game min_x max_y f(x, y) = x^T A y + b^T x + c^T y, the classic case where simultaneous gradient
 * descent-ascent spirals away from the equilibrium and optimism or extragradient converge. The main player
 * minimizes f, the adversary minimizes -f. Each sample perturbs the linear terms, f_i = x^T A y + (b + e_i)^T x +
 * (c + g_i)^T y with e_i, g_i ~ N(0, noise^2), so that gradients are stochastic with the same expectation and the
 * same equilibrium.
 */
public final class BilinearGame implements AdversarialGame<BilinearNetworks, BilinearShard> {
  private static final long serialVersionUID = 1L;
  private static final long INITIAL_POINT_STREAM = -2;

  private final BilinearProblem problem;
  private final double noise;
  private final MicroBatchPlan plan;
  private final long seed;

  BilinearGame(BilinearProblem problem, double noise, MicroBatchPlan plan, long seed) {
    this.problem = problem;
    this.noise = noise;
    this.plan = plan;
    this.seed = seed;
  }

  BilinearProblem problem() {
    return problem;
  }

  /** x and y drawn from N(0, 1/d) each, from the run seed. */
  @Override
  public BilinearNetworks buildNetworks() {
    int d = problem.dimension();
    SplittableRandom random = new SplittableRandom(DeterministicSeeds.mix(seed, INITIAL_POINT_STREAM));
    double scale = 1 / Math.sqrt(d);
    return new BilinearNetworks(BilinearProblem.gaussian(d, scale, random), BilinearProblem.gaussian(d, scale, random));
  }

  @Override
  public ShardResult computeShard(BilinearNetworks networks, BilinearShard shard, int partition, StepRequest request) {
    double[] x = networks.x();
    double[] y = networks.y();
    double[] fx = problem.gradientX(y); // df/dx without noise
    double[] fy = problem.gradientY(x); // df/dy without noise
    double f = problem.value(x, y);
    return MicroBatchLoop.run(plan, seed, request, partition, (MicroBatch batch, GradientSums sums, ShardResult result) -> {
      int d = x.length;
      double[] gx = new double[d];
      double[] gy = new double[d];
      double lossSum = 0;
      for (int n = 0; n < batch.size(); n++) {
        double[] e = BilinearProblem.gaussian(d, noise, batch.random());
        double[] g = BilinearProblem.gaussian(d, noise, batch.random());
        double sample = f;
        for (int i = 0; i < d; i++) {
          gx[i] += fx[i] + e[i];
          gy[i] += fy[i] + g[i];
          sample += e[i] * x[i] + g[i] * y[i];
        }
        lossSum += sample;
      }
      result.addLoss(Player.MAIN, lossSum);
      result.addLoss(Player.ADVERSARY, -lossSum);
      add(sums, GradientTerm.MAIN_LOSS_MAIN_PARAMETERS, gx, 1);
      add(sums, GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS, gy, -1);
      add(sums, GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS, gy, 1);
      add(sums, GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS, gx, -1);
    });
  }

  private static void add(GradientSums sums, GradientTerm term, double[] gradient, double sign) {
    if (sums.wants(term)) {
      sums.addPass(term, Nd4j.createFromArray(gradient), sign);
    }
  }

  /** The adversary's loss -f at the equilibrium. */
  @Override
  public double idealAdversaryLoss() {
    return -problem.equilibriumValue();
  }

  @Override
  public MicroBatchPlan plan() {
    return plan;
  }
}
