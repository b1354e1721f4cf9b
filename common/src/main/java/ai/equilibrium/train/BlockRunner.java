package ai.equilibrium.train;

import ai.equilibrium.schedule.AdversaryLrSchedule;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * Runs blocks of consecutive steps away from the loop (on a cluster's replicas of both players), while the
 * loop keeps what only it decides: the adversary's schedule sees each step's merged loss through the runner,
 * and the loop's listeners, checkpoints and rollbacks act between blocks. A backend that implements it runs
 * every step of the loop; the loop then ends a block at each of its periodic listeners' steps.
 */
public interface BlockRunner {

  /** The most steps one block runs (a failure repeats at most this many). */
  int maxBlockSteps();

  /**
   * Runs steps {@code start.step()} .. {@code until - 1} from the state {@code start} holds.
   *
   * @param schedule the loop's own schedule: it observes each adversary phase's merged loss, once, in order
   * @return the metrics of each completed step and the state after the last; stops early at a divergence
   */
  Block run(LoopCheckpoint start, long until, long totalSteps, AdversaryLrSchedule schedule);

  /**
   * @param steps      each completed step's metrics, in order
   * @param end        the state after the last completed step (the schedule's as the runner left it)
   * @param divergedAt where and why the block stopped early, or null if it ran to its end
   */
  record Block(List<StepMetrics> steps, LoopCheckpoint end, Divergence divergedAt) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Block(List<StepMetrics> steps, LoopCheckpoint end, Optional<Divergence> divergence) {
      this(new java.util.ArrayList<>(steps), end, divergence.orElse(null));
    }

    public Optional<Divergence> divergence() {
      return Optional.ofNullable(divergedAt);
    }
  }
}
