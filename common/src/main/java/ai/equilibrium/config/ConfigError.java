package ai.equilibrium.config;

/** A configuration value is missing, unknown or invalid; the message names the key. */
public final class ConfigError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String key;
  private final String detail;

  public ConfigError(String key, String message) {
    super("config key '" + key + "': " + message);
    this.key = key;
    this.detail = message;
  }

  /** What is wrong, without the key: for an error raised again under a longer key. */
  public String detail() {
    return detail;
  }

  public String key() {
    return key;
  }
}
