package ai.equilibrium.train;

import ai.equilibrium.game.Player;
import ai.equilibrium.model.ParameterSet;
import ai.equilibrium.schedule.AdversaryLrSchedule;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one training loop of every game. Each step runs the update order's phases; each phase asks the
 * backend for the players' gradients, lets the schedule set the adversary's rate from the aggregated
 * adversary loss, and lets each player's optimizer update its parameters.
 */
public final class TrainingLoop {
  private final GradientBackend backend;
  private final UpdateOrder order;
  private final Map<Player, PlayerState> players = new EnumMap<>(Player.class);
  private final AdversaryLrSchedule schedule;
  private final double idealAdversaryLoss;
  private final List<String> diagnosticNames;
  private final List<TrainingListener> listeners;
  private final TrainingListener.TrainingState state = player -> players.get(player).parameters();

  public TrainingLoop(GradientBackend backend, UpdateOrder order, PlayerState main, PlayerState adversary,
      AdversaryLrSchedule schedule, double idealAdversaryLoss, List<String> diagnosticNames,
      List<TrainingListener> listeners) {
    this.backend = backend;
    this.order = order;
    this.players.put(Player.MAIN, main);
    this.players.put(Player.ADVERSARY, adversary);
    this.schedule = schedule;
    this.idealAdversaryLoss = idealAdversaryLoss;
    this.diagnosticNames = List.copyOf(diagnosticNames);
    this.listeners = List.copyOf(listeners);
  }

  /** Runs steps {@code firstStep} .. {@code totalSteps - 1}. */
  public void run(long firstStep, long totalSteps) {
    Map<Player, ParameterSet> parameters = new EnumMap<>(Player.class);
    players.forEach((p, s) -> parameters.put(p, s.parameters()));
    for (long step = firstStep; step < totalSteps; step++) {
      long start = System.nanoTime();
      double adversaryLoss = Double.NaN;
      double mainLoss = Double.NaN;
      double multiplier = Double.NaN;
      Map<String, Double> diagnostics = new LinkedHashMap<>();
      for (UpdateOrder.Phase phase : order.phases()) {
        ShardResult result = backend.compute(new StepRequest(step, phase.iteration(), phase.players()), parameters);
        for (int i = 0; i < diagnosticNames.size(); i++) {
          if (result.hasDiagnostic(i)) {
            diagnostics.putIfAbsent(diagnosticNames.get(i), result.meanDiagnostic(i)); // the step's first report
          }
        }
        if (result.hasGradient(Player.ADVERSARY)) {
          adversaryLoss = result.meanLoss(Player.ADVERSARY);
          multiplier = schedule.observe(adversaryLoss);
          PlayerState adversary = players.get(Player.ADVERSARY);
          adversary.update(result, adversary.baseLearningRate() * multiplier);
        }
        if (result.hasGradient(Player.MAIN)) {
          mainLoss = result.meanLoss(Player.MAIN);
          PlayerState main = players.get(Player.MAIN);
          main.update(result, main.baseLearningRate());
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
