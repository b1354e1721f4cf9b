package ai.equilibrium.train;

/**
 * A listener that acts every {@code every} steps and once more when training ends (0: only at the end): sample
 * grids, evaluations, reports, checkpoints. A step that is the last is left to the end, so nothing acts twice.
 */
public abstract class PeriodicListener implements TrainingListener {
  private final int every;

  /** @param every steps between actions, 0 for the end only */
  protected PeriodicListener(int every) {
    if (every < 0) {
      throw new IllegalArgumentException("every must be at least 0, got " + every);
    }
    this.every = every;
  }

  /** Steps between actions; 0 for the end only. */
  public final int every() {
    return every;
  }

  /**
   * Acts after {@code step} completed steps.
   *
   * @param last whether training has ended
   */
  protected abstract void act(long step, TrainingState state, boolean last);

  @Override
  public final void onStep(StepMetrics m, TrainingState state) {
    if (every > 0 && m.step() % every == 0 && m.step() != m.totalSteps()) {
      act(m.step(), state, false);
    }
  }

  @Override
  public final void onEnd(long steps, TrainingState state) {
    act(steps, state, true);
  }
}
