package ai.equilibrium.config;

/**
 * A whole experiment, parsed once from HOCON and validated.
 *
 * @param rendered the fully resolved configuration as HOCON text, for the run directory
 */
public record ExperimentConfig(Settings.Run run, Settings.Data data, Settings.Model model, Settings.Game game,
    Settings.Train train, Settings.Stabilize stabilize, Settings.Eval eval, Settings.Optimizer mainOptimizer,
    Settings.Optimizer adversaryOptimizer,
    Settings.Schedule schedule, Settings.Guard guard, Settings.Spark spark, String rendered) {}
