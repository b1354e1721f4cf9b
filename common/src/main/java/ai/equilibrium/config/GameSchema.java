package ai.equilibrium.config;

import java.util.List;

/**
 * A game type's part of the experiment schema: the {@code game.type} it answers to, the {@code data.source}
 * values it trains on, the keys only it reads with their defaults, and those keys as its own typed settings.
 * Game types register in {@code META-INF/services/ai.equilibrium.config.GameSchema} (one line each), so that a
 * new game needs no change here or in any package below it.
 */
public interface GameSchema {

  /** The value of {@code game.type}, such as {@code gan}. */
  String name();

  /** The values of {@code data.source} this game trains on; the first is what {@code data.source = auto} means. */
  List<String> dataSources();

  /**
   * HOCON with every key only this game reads and its default, conventionally under {@code game.<name>}; empty
   * when it reads only the shared keys.
   */
  default String defaults() {
    return "";
  }

  /**
   * This game's own settings, read and checked from the resolved configuration (every error naming its key);
   * null when it has none.
   */
  default Record settings(ConfigReader config) {
    return null;
  }

  /**
   * What the players are scored by against each other, in a few words for a page of runs: the adversarial loss
   * ({@code game.loss}) unless the game reads another.
   */
  default String lossSummary(ExperimentConfig config) {
    return Settings.configName(config.game().loss());
  }

  /** Whether a run of this configuration trains differently when only {@code run.steps} changes. */
  default boolean dependsOnStepCount(ExperimentConfig config) {
    return false;
  }
}
