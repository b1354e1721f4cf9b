package ai.equilibrium.train;

import ai.equilibrium.backend.GradientBackend;
import ai.equilibrium.schedule.AdversaryLrSchedule;
import ai.equilibrium.step.GradientCorrection;
import ai.equilibrium.step.GradientTerm;
import ai.equilibrium.step.Player;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.step.StepRequest;
import ai.equilibrium.tensor.ParameterSet;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one training loop of every game. Each step runs the update order's phases; each phase asks the
 * backend for the players' gradients (and the extra terms the corrections need), lets the schedule set the
 * adversary's rate from the aggregated adversary loss, and lets each player's corrections and optimizer
 * update its parameters. The divergence guard sees every aggregated result before it is applied; a diverged
 * run goes back to a checkpoint of the store with lower learning rates. A backend that is a {@link BlockRunner}
 * runs the steps itself, a block at a time (on a cluster's replicas of this loop), and the loop keeps the
 * schedule, the listeners, the checkpoints and the rollbacks.
 */
public final class TrainingLoop {
  private final GradientBackend backend;
  /** The backend's, when it runs whole blocks of steps itself; null when each step runs here. */
  private final BlockRunner blocks;
  private final UpdateOrder order;
  private final Map<Player, PlayerState> players = new EnumMap<>(Player.class);
  private final AdversaryLrSchedule schedule;
  private final double idealAdversaryLoss;
  private final List<GradientCorrection> corrections;
  private final DivergenceGuard guard;
  private final CheckpointStore checkpoints;
  private final List<TrainingListener> listeners;
  private final LoopState state = new LoopState();
  private long completed;
  private double learningRateScale = 1;
  private int rollbacks;
  private final PhaseTerms.DisplacedVersions displacedVersions = new PhaseTerms.DisplacedVersions();

  /**
   * @param corrections applied to the updated players' gradients, in order, each phase
   * @param checkpoints where a rollback finds the last good state
   */
  public TrainingLoop(GradientBackend backend, UpdateOrder order, PlayerState main, PlayerState adversary,
      AdversaryLrSchedule schedule, double idealAdversaryLoss, List<GradientCorrection> corrections,
      DivergenceGuard guard, CheckpointStore checkpoints, List<TrainingListener> listeners) {
    this.backend = backend;
    this.blocks = backend instanceof BlockRunner runner ? runner : null;
    this.order = order;
    this.corrections = List.copyOf(corrections);
    this.players.put(Player.MAIN, main);
    this.players.put(Player.ADVERSARY, adversary);
    this.schedule = schedule;
    this.idealAdversaryLoss = idealAdversaryLoss;
    this.guard = guard;
    this.checkpoints = checkpoints;
    this.listeners = List.copyOf(listeners);
  }

  /** Continues from a checkpoint: the next {@link #run} starts at its step. */
  public void restore(LoopCheckpoint checkpoint) {
    restoreTrajectory(checkpoint);
    learningRateScale = checkpoint.learningRateScale();
    rollbacks = checkpoint.rollbacks();
  }

  /**
   * Restores the loop's own state from {@code checkpoint} (steps, schedule, guard, rate scale, rollbacks) and
   * not the players, which already hold its players' state: a block replica that ended the previous block
   * there. The checkpoint's players are not read.
   */
  public void restoreAllButPlayers(LoopCheckpoint checkpoint) {
    restoreSteps(checkpoint);
    learningRateScale = checkpoint.learningRateScale();
    rollbacks = checkpoint.rollbacks();
  }

  /** Runs steps {@code firstStep} .. {@code totalSteps - 1}. */
  public void run(long firstStep, long totalSteps) {
    completed = firstStep;
    for (TrainingListener listener : listeners) {
      listener.onStart(firstStep, state);
    }
    long step = firstStep;
    while (step < totalSteps) {
      long until = blockEnd(step, totalSteps);
      Optional<Divergence> divergence = blocks == null
          ? runBlock(step, until, totalSteps, this::report)
          : runElsewhere(step, until, totalSteps);
      step = divergence.isPresent() ? rollBack(divergence.get().step(), divergence.get().reason()) : until;
    }
    for (TrainingListener listener : listeners) {
      listener.onEnd(totalSteps, state);
    }
  }

  /**
   * Runs steps {@code from} .. {@code until - 1} in this JVM and hands each completed step's metrics to
   * {@code report}; stops at the first divergence and leaves the rollback to the caller.
   */
  public Optional<Divergence> runBlock(long from, long until, long totalSteps, Consumer<StepMetrics> report) {
    for (long step = from; step < until; step++) {
      StepOutcome outcome = step(step, totalSteps);
      if (outcome.divergence().isPresent()) {
        return Optional.of(new Divergence(step + 1, outcome.divergence().get()));
      }
      completed = step + 1;
      Optional<String> divergence = guard.observe(outcome.metrics().adversaryLoss());
      report.accept(outcome.metrics());
      if (divergence.isPresent()) {
        return Optional.of(new Divergence(step + 1, divergence.get()));
      }
    }
    return Optional.empty();
  }

  /** Everything the next step reads: what a checkpoint holds, and what a block starts from. */
  public LoopCheckpoint checkpoint() {
    return state.checkpoint();
  }

  private void report(StepMetrics metrics) {
    for (TrainingListener listener : listeners) {
      listener.onStep(metrics, state);
    }
  }

  /**
   * Runs a block on the backend's replicas and takes over their state at its end. The listeners then see
   * the block's steps; the periodic ones act only at block ends (see {@link #blockEnd}), where the state they
   * read is the one the block ended with.
   */
  private Optional<Divergence> runElsewhere(long from, long until, long totalSteps) {
    BlockRunner.Block block = blocks.run(state.checkpoint(), until, totalSteps, schedule);
    restoreTrajectory(block.end());
    block.steps().forEach(this::report);
    return block.divergence();
  }

  /** The end of the block from {@code step}: the next step a periodic listener acts at, within the runner's bound. */
  private long blockEnd(long step, long totalSteps) {
    long end = blocks == null ? totalSteps : Math.min(totalSteps, step + blocks.maxBlockSteps());
    for (TrainingListener listener : listeners) {
      if (listener instanceof PeriodicListener periodic && periodic.every() > 0) {
        end = Math.min(end, (step / periodic.every() + 1) * periodic.every());
      }
    }
    return end;
  }

  private record StepOutcome(StepMetrics metrics, Optional<String> divergence) {}

  private StepOutcome step(long step, long totalSteps) {
    Map<Player, ParameterSet> parameters = new EnumMap<>(Player.class);
    players.forEach((p, s) -> parameters.put(p, s.networkParameters()));
    long start = System.nanoTime();
    double adversaryLoss = Double.NaN;
    double mainLoss = Double.NaN;
    double multiplier = Double.NaN;
    Map<String, Double> diagnostics = new LinkedHashMap<>();
    for (UpdateOrder.Phase phase : order.phases()) {
      Set<GradientTerm> extra = EnumSet.noneOf(GradientTerm.class);
      Set<GradientTerm> perMicroBatch = EnumSet.noneOf(GradientTerm.class);
      for (Player p : phase.players()) {
        corrections.forEach(c -> extra.addAll(c.extraTerms(p)));
        corrections.forEach(c -> perMicroBatch.addAll(c.perMicroBatchTerms(p)));
      }
      StepRequest request = new StepRequest(step, phase.iteration(), phase.players(), extra, perMicroBatch);
      ShardResult result = backend.compute(request, parameters);
      Optional<String> nonFinite = DivergenceGuard.nonFinite(result, phase.players());
      if (nonFinite.isPresent()) {
        return new StepOutcome(null, nonFinite); // before the schedule or any player sees it
      }
      result.diagnosticMeans().forEach(diagnostics::putIfAbsent); // the step's first report of each
      boolean displaces = corrections.stream().anyMatch(c -> phase.players().stream().anyMatch(c::displaces));
      PhaseTerms terms = new PhaseTerms(backend, request, parameters, players, result, extra, displaces,
          displacedVersions);
      if (phase.players().contains(Player.ADVERSARY)) {
        adversaryLoss = result.meanLoss(Player.ADVERSARY);
        multiplier = schedule.observe(adversaryLoss);
        players.get(Player.ADVERSARY).update(result, learningRate(Player.ADVERSARY, step) * multiplier, corrections,
            terms, diagnostics::put);
      }
      if (phase.players().contains(Player.MAIN)) {
        mainLoss = result.meanLoss(Player.MAIN);
        players.get(Player.MAIN).update(result, learningRate(Player.MAIN, step), corrections, terms, diagnostics::put);
      }
    }
    double millis = (System.nanoTime() - start) / 1e6;
    return new StepOutcome(new StepMetrics(step + 1, totalSteps, adversaryLoss, mainLoss, diagnostics,
        schedule.smoothedLoss(), idealAdversaryLoss, multiplier, learningRate(Player.ADVERSARY, step) * multiplier,
        learningRate(Player.MAIN, step), millis), Optional.empty());
  }

  private double learningRate(Player player, long step) {
    return players.get(player).learningRate(step) * learningRateScale;
  }

  /**
   * Goes back to the newest checkpoint from before the divergence at {@code divergedStep} (1-based) with lower
   * rates, or stops the run.
   *
   * @return the step to go on from
   */
  private long rollBack(long divergedStep, String reason) {
    long lastGood = guard.lastGoodStep(divergedStep - 1);
    Optional<LoopCheckpoint> target = checkpoints.newestAtOrBefore(lastGood);
    String lastGoodCheckpoint = target.map(t -> checkpoints.location(t.step()))
        .orElse("none (no checkpoint at or before step " + lastGood + ")");
    if (!guard.rollsBack()) {
      throw stop(divergedStep, reason, " (guard.enabled = false). The last good checkpoint is " + lastGoodCheckpoint);
    }
    if (rollbacks >= guard.maxRollbacks()) {
      throw stop(divergedStep, reason, ", and the guard has rolled back " + rollbacks + " times (guard.max-rollbacks = "
          + guard.maxRollbacks() + "). The last good checkpoint is " + lastGoodCheckpoint);
    }
    if (target.isEmpty()) {
      throw stop(divergedStep, reason, ", and there is no checkpoint to roll back to: " + lastGoodCheckpoint);
    }
    checkpoints.discardAfter(target.get().step());
    restoreTrajectory(target.get());
    rollbacks++;
    learningRateScale *= guard.learningRateFactor();
    RollbackEvent event = new RollbackEvent(divergedStep, reason, target.get().step(), learningRateScale, rollbacks);
    for (TrainingListener listener : listeners) {
      listener.onRollback(event, state);
    }
    return target.get().step();
  }

  /**
   * Tells the listeners that the run stops diverged (so that its files record it) and returns the exception to
   * throw; a listener that fails to record it does not hide the divergence.
   */
  private TrainingDiverged stop(long divergedStep, String reason, String account) {
    String message = "training diverged at step " + divergedStep + ": " + reason + account;
    TrainingDiverged stop = new TrainingDiverged(divergedStep, message);
    DivergenceStop event = new DivergenceStop(divergedStep, reason, rollbacks, message);
    for (TrainingListener listener : listeners) {
      try {
        listener.onDivergenceStop(event, state);
      } catch (RuntimeException e) {
        stop.addSuppressed(e);
      }
    }
    return stop;
  }

  /** The players, the schedule and the guard as the checkpoint holds them; the rollback record is the run's. */
  private void restoreTrajectory(LoopCheckpoint checkpoint) {
    players.forEach((p, s) -> s.restore(checkpoint.player(p)));
    restoreSteps(checkpoint);
  }

  /** The schedule, the guard and the steps completed as the checkpoint holds them. */
  private void restoreSteps(LoopCheckpoint checkpoint) {
    schedule.restore(checkpoint.schedule());
    guard.restore(checkpoint.guard());
    completed = checkpoint.step();
  }

  /** The loop's state as listeners see it. */
  private final class LoopState implements TrainingListener.TrainingState {
    @Override
    public PlayerState player(Player player) {
      return players.get(player);
    }

    @Override
    public LoopCheckpoint checkpoint() {
      Map<Player, PlayerCheckpoint> saved = new EnumMap<>(Player.class);
      players.forEach((p, s) -> saved.put(p, s.checkpoint()));
      return new LoopCheckpoint(completed, saved, schedule.state(), guard.state(), learningRateScale, rollbacks);
    }
  }
}
