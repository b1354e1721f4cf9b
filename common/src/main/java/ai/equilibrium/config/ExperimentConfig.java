package ai.equilibrium.config;

import ai.equilibrium.optim.OptimizerSettings;

/**
 * A whole experiment, parsed once from HOCON and validated.
 *
 * @param gameSettings the game type's own settings ({@link GameSchema#settings}), or null when it has none
 * @param rendered     the fully resolved configuration as HOCON text, for the run directory
 */
public record ExperimentConfig(Settings.Run run, Settings.Data data, Settings.Model model, Settings.Game game,
    Settings.Train train, Settings.Stabilize stabilize, Settings.Eval eval, OptimizerSettings mainOptimizer,
    OptimizerSettings adversaryOptimizer, Settings.Schedule schedule, Settings.Guard guard, Settings.Spark spark,
    Record gameSettings, String rendered) {

  /** The game type's own settings as the type it parses them into. */
  public <T extends Record> T gameSettings(Class<T> type) {
    if (!type.isInstance(gameSettings)) {
      throw new IllegalStateException("game.type = " + game.type() + " has no settings of " + type.getSimpleName());
    }
    return type.cast(gameSettings);
  }
}
