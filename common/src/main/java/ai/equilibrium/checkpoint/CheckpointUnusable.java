package ai.equilibrium.checkpoint;

/** A checkpoint that cannot be read or trusted; the message names it and says why. */
public final class CheckpointUnusable extends RuntimeException {
  public CheckpointUnusable(String message) {
    super(message);
  }
}
