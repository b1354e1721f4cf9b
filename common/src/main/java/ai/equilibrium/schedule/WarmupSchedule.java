package ai.equilibrium.schedule;

import java.util.Arrays;

/**
 * A schedule whose first {@code updates} adversary updates run at the base rate (multiplier 1) while the wrapped
 * schedule observes every loss, so its EMA is current when it takes over. An extension of METHODS.md section 1
 * ({@code schedule.warmup-updates}, off by default): the gap-aware schedule brakes a discriminator that is strong
 * early to 0.1-0.3x of its rate, before the generator has learned anything.
 */
public final class WarmupSchedule implements AdversaryLrSchedule {
  private final AdversaryLrSchedule schedule;
  private final long updates;
  private long observed;

  public WarmupSchedule(AdversaryLrSchedule schedule, long updates) {
    if (updates < 1) {
      throw new IllegalArgumentException("a warm-up lasts at least one update, got " + updates);
    }
    this.schedule = schedule;
    this.updates = updates;
  }

  @Override
  public double observe(double adversaryLoss) {
    double multiplier = schedule.observe(adversaryLoss);
    return ++observed <= updates ? 1.0 : multiplier;
  }

  @Override
  public double smoothedLoss() {
    return schedule.smoothedLoss();
  }

  /** The wrapped schedule's state, then the updates observed. */
  @Override
  public double[] state() {
    double[] inner = schedule.state();
    double[] state = Arrays.copyOf(inner, inner.length + 1);
    state[inner.length] = observed;
    return state;
  }

  @Override
  public void restore(double[] state) {
    if (state.length < 1) {
      throw new IllegalArgumentException("a warm-up schedule's state ends with its update count, got no values");
    }
    schedule.restore(Arrays.copyOf(state, state.length - 1));
    observed = (long) state[state.length - 1];
  }
}
