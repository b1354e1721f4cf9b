package ai.equilibrium.experiment;

import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.GameSchema;
import ai.equilibrium.config.GameSchemas;

/**
 * A kind of game the one training loop can run ({@code game.type}): its schema (name, data sources, own keys),
 * how an experiment of it is assembled, and what the jobs ask of it before they start. A game type is one
 * package that implements this and one line in {@code META-INF/services/ai.equilibrium.config.GameSchema}.
 */
public interface GameType extends GameSchema {

  /** The game of {@code config} with its data source and both players at their initial parameters. */
  GameAssembly<?, ?, ?> assemble(ExperimentConfig config);

  /**
   * Whether a run of {@code config} is small enough to train as one Spark task, so that a sweep runs many at
   * once (2-D toy data), rather than one after another on the whole cluster (images).
   */
  boolean fitsOneTask(ExperimentConfig config);

  /**
   * What a run needs that its config alone cannot tell, checked on the driver before Spark starts and before
   * anything in a run directory changes: the data set is there, model files exist. Cheap; reads no training data.
   *
   * @throws ConfigError or {@code DataUnavailableException}, naming the key or the path
   */
  default void preflight(ExperimentConfig config) {}

  /** The game type of {@code config}. */
  static GameType of(ExperimentConfig config) {
    return named(config.game().type());
  }

  /** The registered game type named {@code name}. */
  static GameType named(String name) {
    GameSchema schema = GameSchemas.named(name);
    if (!(schema instanceof GameType type)) {
      throw new IllegalStateException(schema.getClass().getName() + " is registered as a game type but does not "
          + "implement " + GameType.class.getName());
    }
    return type;
  }
}
