package ai.equilibrium.bilinear;

import ai.equilibrium.config.ConfigReader;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.experiment.GameAssembly;
import ai.equilibrium.experiment.GameType;
import java.util.List;

/**
 * {@code game.type = bilinear}: min_x max_y x^T A y + b^T x + c^T y, a test bed for optimizers (its keys are
 * {@code game.bilinear.*}).
 */
public final class BilinearType implements GameType {
  @Override
  public String name() {
    return "bilinear";
  }

  @Override
  public List<String> dataSources() {
    return List.of("bilinear");
  }

  @Override
  public String defaults() {
    return BilinearSettings.DEFAULTS;
  }

  @Override
  public Record settings(ConfigReader config) {
    return BilinearSettings.read(config);
  }

  @Override
  public GameAssembly<?, ?, ?> assemble(ExperimentConfig config) {
    return BilinearAssembly.assemble(config);
  }

  /** The game's value itself; game.loss is not read. */
  @Override
  public String lossSummary(ExperimentConfig config) {
    return "x^T A y + b^T x + c^T y";
  }

  @Override
  public boolean fitsOneTask(ExperimentConfig config) {
    return true;
  }
}
