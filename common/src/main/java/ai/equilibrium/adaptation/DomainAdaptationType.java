package ai.equilibrium.adaptation;

import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.Settings;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.experiment.GameAssembly;
import ai.equilibrium.experiment.GameType;
import java.util.List;

/**
 * {@code game.type = domain-adaptation}: DANN (Ganin et al. 2016), a feature extractor and label classifier
 * against a domain classifier through a reversed, weighted domain loss.
 */
public final class DomainAdaptationType implements GameType {
  @Override
  public String name() {
    return "domain-adaptation";
  }

  @Override
  public List<String> dataSources() {
    return DomainPairSources.names();
  }

  @Override
  public GameAssembly<?, ?, ?> assemble(ExperimentConfig config) {
    return DomainAdaptationAssembly.assemble(config);
  }

  @Override
  public boolean fitsOneTask(ExperimentConfig config) {
    return DomainPairSources.of(config).shape() instanceof SampleShape.Point;
  }

  @Override
  public void preflight(ExperimentConfig config) {
    DomainPairSources.of(config).checkAvailable();
  }

  /** The reversed domain loss is what the players contest; game.loss is not read. */
  @Override
  public String lossSummary(ExperimentConfig config) {
    return "reversed domain loss (" + Settings.configName(config.game().domainLoss()) + ", λ "
        + (config.game().lambda().isEmpty() ? "dann" : String.valueOf(config.game().lambda().getAsDouble())) + ")";
  }

  /** DANN's λ schedule follows the fraction of training done. */
  @Override
  public boolean dependsOnStepCount(ExperimentConfig config) {
    return config.game().lambda().isEmpty();
  }
}
