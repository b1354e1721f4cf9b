package ai.equilibrium.gan;

import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.experiment.GameAssembly;
import ai.equilibrium.experiment.GameType;
import java.util.List;

/** {@code game.type = gan}: a generator against a discriminator, on images or 2-D points. */
public final class GanType implements GameType {
  @Override
  public String name() {
    return "gan";
  }

  @Override
  public List<String> dataSources() {
    return GanSource.configNames();
  }

  @Override
  public GameAssembly<?, ?, ?> assemble(ExperimentConfig config) {
    return GanAssembly.assemble(config);
  }

  @Override
  public boolean fitsOneTask(ExperimentConfig config) {
    return GanSource.of(config).training(config).shape() instanceof SampleShape.Point;
  }

  /** The data set is there (a prepared folder's manifest reads), and so is the feature extractor's model file. */
  @Override
  public void preflight(ExperimentConfig config) {
    GanSource.of(config).training(config).checkAvailable();
    FeatureExtractors.checkModelFile(config);
  }
}
