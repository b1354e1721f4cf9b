package ai.equilibrium.timed;

import ai.equilibrium.config.ConfigReader;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.experiment.GameAssembly;
import ai.equilibrium.experiment.GameType;
import java.util.List;

/**
 * {@code game.type = timed}: gradients of a stated size after a stated compute time, for timing what a backend adds
 * to a step (its keys are {@code game.timed.*}).
 */
public final class TimedType implements GameType {
  @Override
  public String name() {
    return "timed";
  }

  @Override
  public List<String> dataSources() {
    return List.of("timed");
  }

  @Override
  public String defaults() {
    return TimedSettings.DEFAULTS;
  }

  @Override
  public Record settings(ConfigReader config) {
    return TimedSettings.read(config);
  }

  @Override
  public GameAssembly<?, ?, ?> assemble(ExperimentConfig config) {
    return TimedAssembly.assemble(config);
  }

  @Override
  public String lossSummary(ExperimentConfig config) {
    return "none (a timing harness: constant losses, |theta|^2 / 2's gradients)";
  }

  /** A study of a backend spreads it over the cluster. */
  @Override
  public boolean fitsOneTask(ExperimentConfig config) {
    return false;
  }
}
