package ai.equilibrium.timed;

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

/**
 * Each micro-batch sleeps for the stated time and adds, for every requested term, the parameters it is taken
 * with respect to, times the batch size: the gradients of a per-sample loss |theta_main|^2 / 2 +
 * |theta_adversary|^2 / 2 for both players, parameter-sized and changing every step, as a network's are. The
 * reported losses are constants, the adversary's at V*, so that the gap-aware schedule holds its rate and no loss
 * is computed: the game times a step's communication, not arithmetic.
 */
public final class TimedGame implements AdversarialGame<TimedNetworks, TimedShard> {
  private static final long serialVersionUID = 1L;
  private static final long INITIAL_STREAM = -3;
  private static final double IDEAL_ADVERSARY_LOSS = Math.log(4);

  private final TimedSettings settings;
  private final MicroBatchPlan plan;
  private final long seed;

  TimedGame(TimedSettings settings, MicroBatchPlan plan, long seed) {
    this.settings = settings;
    this.plan = plan;
    this.seed = seed;
  }

  /** Parameters drawn uniformly from [-0.05, 0.05) from the run seed. */
  @Override
  public TimedNetworks buildNetworks() {
    SplittableRandom random = new SplittableRandom(DeterministicSeeds.mix(seed, INITIAL_STREAM));
    return new TimedNetworks(uniform(settings.mainParameters(), random), uniform(settings.adversaryParameters(),
        random));
  }

  private static float[] uniform(int n, SplittableRandom random) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextDouble() * 0.1 - 0.05);
    }
    return values;
  }

  @Override
  public ShardResult computeShard(TimedNetworks networks, TimedShard shard, int partition, StepRequest request) {
    return MicroBatchLoop.run(plan, seed, request, partition, (MicroBatch batch, GradientSums sums,
        ShardResult result) -> {
      sleep(settings.computeMillis());
      result.addLoss(Player.MAIN, batch.size() * IDEAL_ADVERSARY_LOSS / 2);
      result.addLoss(Player.ADVERSARY, batch.size() * IDEAL_ADVERSARY_LOSS);
      for (GradientTerm term : GradientTerm.values()) {
        if (sums.wants(term)) {
          // the gradient of the batch's summed losses, batch.size() * |theta|^2 / 2
          sums.addPass(term, networks.array(term.parameters()), batch.size());
        }
      }
    });
  }

  private static void sleep(double millis) {
    long nanos = Math.round(millis * 1e6);
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while timing a micro-batch", e);
    }
  }

  @Override
  public double idealAdversaryLoss() {
    return IDEAL_ADVERSARY_LOSS;
  }

  @Override
  public MicroBatchPlan plan() {
    return plan;
  }
}
