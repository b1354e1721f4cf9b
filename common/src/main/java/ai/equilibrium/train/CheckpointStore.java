package ai.equilibrium.train;

import java.util.Optional;

/** Where the loop finds its last good state when the divergence guard rolls training back. */
public interface CheckpointStore {

  /** The newest trusted checkpoint of at most {@code step} completed steps. */
  Optional<LoopCheckpoint> newestAtOrBefore(long step);

  /** Drops the checkpoints after {@code step}: they belong to a trajectory that was abandoned. */
  void discardAfter(long step);

  /** Where the checkpoint of {@code step} lives, for messages. */
  String location(long step);

  /** No checkpoints: a diverged run stops at once. */
  CheckpointStore NONE = new CheckpointStore() {
    @Override
    public Optional<LoopCheckpoint> newestAtOrBefore(long step) {
      return Optional.empty();
    }

    @Override
    public void discardAfter(long step) {}

    @Override
    public String location(long step) {
      return "(no checkpoints kept)";
    }
  };
}
