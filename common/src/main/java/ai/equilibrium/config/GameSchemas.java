package ai.equilibrium.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The game types on the class path, by name, as {@link GameSchema}'s service registrations list them. */
public final class GameSchemas {
  private static volatile Map<String, GameSchema> byName;

  private GameSchemas() {}

  /** The game type named {@code name}; a {@link ConfigError} on game.type lists the known ones. */
  public static GameSchema named(String name) {
    GameSchema schema = registered().get(name);
    if (schema == null) {
      throw new ConfigError("game.type", "'" + name + "' is not one of " + registered().keySet());
    }
    return schema;
  }

  private static Map<String, GameSchema> registered() {
    Map<String, GameSchema> known = byName;
    if (known == null) {
      known = new LinkedHashMap<>();
      for (GameSchema schema : ServiceLoader.load(GameSchema.class, GameSchemas.class.getClassLoader())) {
        if (known.putIfAbsent(schema.name(), schema) != null) {
          throw new IllegalStateException("two game types are named " + schema.name());
        }
      }
      if (known.isEmpty()) {
        throw new IllegalStateException("no game types on the class path (META-INF/services/"
            + GameSchema.class.getName() + ")");
      }
      byName = known;
    }
    return known;
  }
}
