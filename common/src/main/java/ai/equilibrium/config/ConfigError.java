package ai.equilibrium.config;

/** A configuration value is missing, unknown or invalid; the message names the key. */
public final class ConfigError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String key;

  public ConfigError(String key, String message) {
    super("config key '" + key + "': " + message);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
