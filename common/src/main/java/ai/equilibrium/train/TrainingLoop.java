package ai.equilibrium.train;

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
import java.util.Set;

/**
 * The one training loop of every game. Each step runs the update order's phases; each phase asks the
 * backend for the players' gradients (and the extra terms the corrections need), lets the schedule set the
 * adversary's rate from the aggregated adversary loss, and lets each player's corrections and optimizer
 * update its parameters.
 */
public final class TrainingLoop {
  private final GradientBackend backend;
  private final UpdateOrder order;
  private final Map<Player, PlayerState> players = new EnumMap<>(Player.class);
  private final AdversaryLrSchedule schedule;
  private final double idealAdversaryLoss;
  private final List<GradientCorrection> corrections;
  private final List<TrainingListener> listeners;
  private final TrainingListener.TrainingState state = player -> players.get(player);

  /** @param corrections applied to the updated players' gradients, in order, each phase */
  public TrainingLoop(GradientBackend backend, UpdateOrder order, PlayerState main, PlayerState adversary,
      AdversaryLrSchedule schedule, double idealAdversaryLoss, List<GradientCorrection> corrections, List<TrainingListener> listeners) {
    this.backend = backend;
    this.order = order;
    this.corrections = List.copyOf(corrections);
    this.players.put(Player.MAIN, main);
    this.players.put(Player.ADVERSARY, adversary);
    this.schedule = schedule;
    this.idealAdversaryLoss = idealAdversaryLoss;
    this.listeners = List.copyOf(listeners);
  }

  /** Runs steps {@code firstStep} .. {@code totalSteps - 1}. */
  public void run(long firstStep, long totalSteps) {
    Map<Player, ParameterSet> parameters = new EnumMap<>(Player.class);
    players.forEach((p, s) -> parameters.put(p, s.networkParameters()));
    for (long step = firstStep; step < totalSteps; step++) {
      long start = System.nanoTime();
      double adversaryLoss = Double.NaN;
      double mainLoss = Double.NaN;
      double multiplier = Double.NaN;
      Map<String, Double> diagnostics = new LinkedHashMap<>();
      for (UpdateOrder.Phase phase : order.phases()) {
        Set<GradientTerm> extra = EnumSet.noneOf(GradientTerm.class);
        for (Player p : phase.players()) {
          corrections.forEach(c -> extra.addAll(c.extraTerms(p)));
        }
        ShardResult result = backend.compute(new StepRequest(step, phase.iteration(), phase.players(), extra), parameters);
        result.diagnosticMeans().forEach(diagnostics::putIfAbsent); // the step's first report of each
        // Averaged before any player moves, so each term is pulled back at the parameters it was computed at.
        Map<GradientTerm, double[]> averaged = new EnumMap<>(GradientTerm.class);
        for (GradientTerm t : extra) {
          averaged.put(t, players.get(t.parameters()).averaged(result, t));
        }
        GradientCorrection.AveragedTerms terms = t -> {
          double[] values = averaged.get(t);
          if (values == null) {
            throw new IllegalStateException("a correction read " + t + " without requesting it");
          }
          return values;
        };
        if (phase.players().contains(Player.ADVERSARY)) {
          adversaryLoss = result.meanLoss(Player.ADVERSARY);
          multiplier = schedule.observe(adversaryLoss);
          PlayerState adversary = players.get(Player.ADVERSARY);
          adversary.update(result, adversary.baseLearningRate() * multiplier, corrections, terms, diagnostics::put);
        }
        if (phase.players().contains(Player.MAIN)) {
          mainLoss = result.meanLoss(Player.MAIN);
          PlayerState main = players.get(Player.MAIN);
          main.update(result, main.baseLearningRate(), corrections, terms, diagnostics::put);
        }
      }
      double millis = (System.nanoTime() - start) / 1e6;
      StepMetrics metrics = new StepMetrics(step + 1, totalSteps, adversaryLoss, mainLoss, diagnostics,
          schedule.smoothedLoss(), idealAdversaryLoss, multiplier,
          players.get(Player.ADVERSARY).baseLearningRate() * multiplier,
          players.get(Player.MAIN).baseLearningRate(), millis);
      for (TrainingListener listener : listeners) {
        listener.onStep(metrics, state);
      }
    }
    for (TrainingListener listener : listeners) {
      listener.onEnd(totalSteps, state);
    }
  }
}
