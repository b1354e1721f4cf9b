package ai.equilibrium.bilinear;

import ai.equilibrium.report.EvaluationLog;
import ai.equilibrium.step.Player;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.PeriodicListener;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores the players against the bilinear game's equilibrium every N steps and at the end: the distance
 * ||(x, y) - (x*, y*)|| and the game's value f(x, y) beside its value at the equilibrium, appended to eval.jsonl.
 */
final class EquilibriumDistance extends PeriodicListener {
  private final BilinearProblem problem;
  private final EvaluationLog log;
  private final List<String> computedOn;
  private final PrintStream out;

  /**
   * @param run        null to score without writing
   * @param computedOn the processor kinds that train the run
   */
  EquilibriumDistance(BilinearProblem problem, RunDirectory run, int every, List<String> computedOn,
      PrintStream out) {
    super(every);
    this.problem = problem;
    this.log = run == null ? null : new EvaluationLog(run, computedOn);
    this.computedOn = computedOn;
    this.out = out;
  }

  @Override
  protected void act(long step, TrainingState state, boolean last) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("step", step);
    row.putAll(score(state));
    log.append(row);
    if (last) {
      out.printf(Locale.ROOT, "equilibrium: distance to equilibrium %.6g, game value %.6g (at equilibrium %.6g)%s%n",
          row.get("distance_to_equilibrium"), row.get("game_value"), row.get("equilibrium_value"),
          EvaluationLog.onProcessors(computedOn));
    }
  }

  Map<String, Object> score(TrainingState state) {
    double[] x = state.parameters(Player.MAIN).values();
    double[] y = state.parameters(Player.ADVERSARY).values();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("distance_to_equilibrium", problem.distanceToEquilibrium(x, y));
    row.put("game_value", problem.value(x, y));
    row.put("equilibrium_value", problem.equilibriumValue());
    return row;
  }
}
