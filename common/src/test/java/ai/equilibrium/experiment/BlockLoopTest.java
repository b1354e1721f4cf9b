package ai.equilibrium.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.equilibrium.backend.GradientBackend;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.schedule.AdversaryLrSchedule;
import ai.equilibrium.step.Player;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.step.StepRequest;
import ai.equilibrium.tensor.ParameterSet;
import ai.equilibrium.train.BlockRunner;
import ai.equilibrium.train.Divergence;
import ai.equilibrium.train.LoopCheckpoint;
import ai.equilibrium.train.PeriodicListener;
import ai.equilibrium.train.StepMetrics;
import ai.equilibrium.train.TrainingListener;
import ai.equilibrium.train.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The loop's block path without Spark: a runner that trains each block on a second, separately assembled copy of
 * the experiment (as a cluster's replicas do) gives the loop's own bits, its blocks end at every periodic
 * listener's step and at the runner's bound, and the listeners see every step once.
 */
class BlockLoopTest {

  private static ExperimentConfig ring() {
    return ExperimentSchema.load(null, List.of("data.source=gaussian-ring", "data.mixture-samples=2000",
        "model.latent-dim=8", "model.generator-hidden=[16,16]", "model.adversary-hidden=[16,16]",
        "train.batch-size=32", "run.steps=10", "schedule.type=gap-aware", "stabilize.spectral-norm=true"));
  }

  /** Runs each block on a replica experiment in this JVM, with the loop's own schedule. */
  private static final class ReplicaBlocks implements GradientBackend, BlockRunner {
    private final Experiment<?, ?, ?> replica = Experiment.assemble(ring());
    private final int maxBlockSteps;
    final List<List<Long>> blocks = new ArrayList<>();

    ReplicaBlocks(int maxBlockSteps) {
      this.maxBlockSteps = maxBlockSteps;
    }

    @Override
    public int maxBlockSteps() {
      return maxBlockSteps;
    }

    @Override
    public Block run(LoopCheckpoint start, long until, long totalSteps, AdversaryLrSchedule schedule) {
      blocks.add(List.of(start.step(), until));
      try (GradientBackend local = replica.localBackend()) {
        TrainingLoop loop = replica.replicaLoop(local, schedule);
        loop.restore(start);
        List<StepMetrics> steps = new ArrayList<>();
        Optional<Divergence> divergence = loop.runBlock(start.step(), until, totalSteps, steps::add);
        return new Block(steps, loop.checkpoint(), divergence);
      }
    }

    @Override
    public ShardResult compute(StepRequest request, Map<Player, ParameterSet> parameters) {
      throw new AssertionError("a loop whose backend runs blocks computes no step itself");
    }

    @Override
    public void close() {}
  }

  /** Acts every 4 steps, recording the step it acted at. */
  private static final class EveryFour extends PeriodicListener {
    final List<Long> acted = new ArrayList<>();

    EveryFour() {
      super(4);
    }

    @Override
    protected void act(long step, TrainingState state, boolean last) {
      acted.add(step);
    }
  }

  private record Run(double[] main, double[] adversary, List<StepMetrics> metrics, List<Long> acted) {}

  private static Run train(GradientBackend backend, Experiment<?, ?, ?> training) {
    List<StepMetrics> metrics = new ArrayList<>();
    EveryFour every = new EveryFour();
    List<TrainingListener> listeners = List.of((m, state) -> metrics.add(m), every);
    training.loop(backend, listeners).run(0, 10);
    return new Run(training.player(Player.MAIN).parameters().values(),
        training.player(Player.ADVERSARY).parameters().values(), metrics, every.acted);
  }

  @Test
  void blocksOnAReplicaGiveTheLoopsBitsAndEndAtListenerSteps() {
    Experiment<?, ?, ?> direct = Experiment.assemble(ring());
    Run expected;
    try (GradientBackend local = direct.localBackend()) {
      expected = train(local, direct);
    }
    for (int bound : new int[] {100, 3}) {
      ReplicaBlocks blocks = new ReplicaBlocks(bound);
      Run actual = train(blocks, Experiment.assemble(ring()));
      assertArrayEquals(expected.main(), actual.main(), 0.0, "main player, blocks of at most " + bound);
      assertArrayEquals(expected.adversary(), actual.adversary(), 0.0, "adversary, blocks of at most " + bound);
      assertEquals(expected.metrics().size(), actual.metrics().size());
      for (int i = 0; i < expected.metrics().size(); i++) {
        StepMetrics e = expected.metrics().get(i);
        StepMetrics a = actual.metrics().get(i);
        assertEquals(List.of(e.step(), e.adversaryLoss(), e.mainLoss(), e.lrMultiplier(), e.smoothedAdversaryLoss()),
            List.of(a.step(), a.adversaryLoss(), a.mainLoss(), a.lrMultiplier(), a.smoothedAdversaryLoss()));
      }
      assertEquals(List.of(4L, 8L, 10L), actual.acted(), "the listener acted at its steps and at the end");
      List<List<Long>> expectedBlocks = bound == 100
          ? List.of(List.of(0L, 4L), List.of(4L, 8L), List.of(8L, 10L))
          : List.of(List.of(0L, 3L), List.of(3L, 4L), List.of(4L, 7L), List.of(7L, 8L), List.of(8L, 10L));
      assertEquals(expectedBlocks, blocks.blocks, "blocks of at most " + bound);
    }
  }
}
