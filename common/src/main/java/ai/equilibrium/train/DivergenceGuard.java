package ai.equilibrium.train;

import ai.equilibrium.config.Settings;
import ai.equilibrium.step.GradientTerm;
import ai.equilibrium.step.Player;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.tensor.NumericVector;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Watches the aggregated step results for divergence: a non-finite loss or gradient (before any player moves
 * with it), or the adversary-loss EMA outside V* ± band for {@code patience} steps in a row. The loop rolls a
 * diverged run back to the newest checkpoint from before the divergence, lowers both learning rates, and
 * stops once the rollback budget is spent.
 */
public final class DivergenceGuard {
  private final boolean rollsBack;
  private final OptionalDouble band;
  private final int patience;
  private final double decay;
  private final double learningRateFactor;
  private final int maxRollbacks;
  private final double idealLoss;
  private double ema;
  /** Steps in a row whose EMA was outside the band. */
  private long outside;

  /**
   * @param rollsBack          false: a diverged run stops at once (the band is then not watched either)
   * @param band               half-width around V* the EMA must stay within; empty for none
   * @param patience           steps in a row outside the band that count as divergence
   * @param decay              the decay of the guard's own EMA of the adversary loss
   * @param learningRateFactor multiplies both base learning rates at each rollback, in (0, 1]
   * @param maxRollbacks       rollbacks before the run stops
   * @param idealLoss          V*
   */
  /** The guard of {@code guard.*} around V* = {@code idealLoss}. */
  public static DivergenceGuard of(Settings.Guard guard, double idealLoss) {
    return new DivergenceGuard(guard.enabled(), guard.band(), guard.patience(), guard.emaDecay(), guard.lrFactor(),
        guard.maxRollbacks(), idealLoss);
  }

  public DivergenceGuard(boolean rollsBack, OptionalDouble band, int patience, double decay,
      double learningRateFactor, int maxRollbacks, double idealLoss) {
    this.rollsBack = rollsBack;
    this.band = band;
    this.patience = patience;
    this.decay = decay;
    this.learningRateFactor = learningRateFactor;
    this.maxRollbacks = maxRollbacks;
    this.idealLoss = idealLoss;
    this.ema = idealLoss;
  }

  /** Watches for non-finite results only, and stops the run at the first one. */
  public static DivergenceGuard stopOnNonFinite(double idealLoss) {
    return new DivergenceGuard(false, OptionalDouble.empty(), 1, 0, 1, 0, idealLoss);
  }

  /** Why {@code result} must not be applied: a non-finite loss or gradient of a player it updates. */
  public static Optional<String> nonFinite(ShardResult result, Set<Player> players) {
    for (Player p : players) {
      double loss = result.meanLoss(p);
      if (!Double.isFinite(loss)) {
        return Optional.of("non-finite " + p.name().toLowerCase(java.util.Locale.ROOT) + " loss (" + loss + ")");
      }
      NumericVector gradient = result.gradientSum(GradientTerm.own(p));
      int i = gradient.firstNonFinite();
      if (i >= 0) {
        return Optional.of("non-finite " + p.name().toLowerCase(java.util.Locale.ROOT) + " gradient (element " + i
            + " is " + gradient.get(i) + ")");
      }
    }
    return Optional.empty();
  }

  /**
   * Observes a completed step's adversary loss.
   *
   * @return why the run diverged, if the EMA has now been outside the band for {@code patience} steps
   */
  public Optional<String> observe(double adversaryLoss) {
    if (!rollsBack || band.isEmpty() || Double.isNaN(adversaryLoss)) {
      return Optional.empty();
    }
    ema = decay * ema + (1 - decay) * adversaryLoss;
    outside = Math.abs(ema - idealLoss) > band.getAsDouble() ? outside + 1 : 0;
    if (outside >= patience) {
      return Optional.of(String.format(java.util.Locale.ROOT,
          "the adversary-loss EMA %.4f stayed outside V* %.4f +/- %.4f for %d steps", ema, idealLoss,
          band.getAsDouble(), outside));
    }
    return Optional.empty();
  }

  /** The last step completed before the current excursion from the band began ({@code completed} if none). */
  public long lastGoodStep(long completed) {
    return completed - outside;
  }

  public boolean rollsBack() {
    return rollsBack;
  }

  public int maxRollbacks() {
    return maxRollbacks;
  }

  public double learningRateFactor() {
    return learningRateFactor;
  }

  /** The state a checkpoint holds: the EMA and the steps outside the band. */
  public double[] state() {
    return new double[] {ema, outside};
  }

  public void restore(double[] state) {
    if (state.length != 2) {
      throw new IllegalArgumentException("a divergence guard's state is its EMA and a count, got " + state.length
          + " values");
    }
    ema = state[0];
    outside = (long) state[1];
  }
}
