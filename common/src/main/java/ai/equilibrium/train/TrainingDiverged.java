package ai.equilibrium.train;

/**
 * Training diverged and the guard could not, or was not allowed to, roll it back any more. The run directory is
 * as the last step left it; the message names the last good checkpoint.
 */
public final class TrainingDiverged extends RuntimeException {
  private final long step;

  public TrainingDiverged(long step, String message) {
    super(message);
    this.step = step;
  }

  /** The step that diverged. */
  public long step() {
    return step;
  }
}
