package ai.equilibrium.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Typed reads of a resolved configuration that turn every failure into a {@link ConfigError} naming the key: the
 * one way any package reads its settings.
 */
public record ConfigReader(Config c) {
  public Object raw(String key) {
    return get(key, () -> c.getValue(key).unwrapped());
  }

  public String string(String key) {
    return get(key, () -> c.getString(key));
  }

  /** A name or a path: an empty one would silently mean another place (output-dir "" is the root). */
  public String nonBlank(String key) {
    String v = string(key);
    if (v.isBlank()) {
      throw new ConfigError(key, "must not be empty");
    }
    return v;
  }

  public long wholeNumber(String key) {
    return get(key, () -> c.getLong(key));
  }

  public Config section(String key) {
    return get(key, () -> c.getConfig(key));
  }

  public int positive(String key) {
    return atLeast(key, 1);
  }

  public int atLeast(String key, int min) {
    int v = get(key, () -> c.getInt(key));
    if (v < min) {
      throw new ConfigError(key, "must be at least " + min + ", got " + v);
    }
    return v;
  }

  public double number(String key) {
    return get(key, () -> c.getDouble(key));
  }

  public boolean bool(String key) {
    return get(key, () -> c.getBoolean(key));
  }

  public double nonNegative(String key) {
    double v = number(key);
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new ConfigError(key, "must be a non-negative number, got " + v);
    }
    return v;
  }

  public double fraction(String key) {
    double v = number(key);
    if (!(v >= 0 && v < 1)) {
      throw new ConfigError(key, "must lie in [0, 1), got " + v);
    }
    return v;
  }

  public double probability(String key) {
    double v = number(key);
    if (!(v > 0 && v <= 1)) {
      throw new ConfigError(key, "must lie in (0, 1], got " + v);
    }
    return v;
  }

  public double atLeastOne(String key) {
    double v = number(key);
    if (!(v >= 1)) {
      throw new ConfigError(key, "must be at least 1, got " + v);
    }
    return v;
  }

  public double positiveNumber(String key) {
    double v = number(key);
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new ConfigError(key, "must be a positive number, got " + v);
    }
    return v;
  }

  /** A path, or empty for none; "auto" is returned as it is, for the caller to resolve. */
  public Optional<String> optionalPath(String key) {
    String v = nonBlank(key);
    return "none".equals(v) ? Optional.empty() : Optional.of(v);
  }

  public OptionalDouble autoOrPositive(String key) {
    return "auto".equals(raw(key)) ? OptionalDouble.empty() : OptionalDouble.of(positiveNumber(key));
  }

  public List<Integer> widths(String key) {
    List<Integer> widths = get(key, () -> c.getIntList(key));
    for (int w : widths) {
      if (w < 1) {
        throw new ConfigError(key, "layer widths must be positive, got " + widths);
      }
    }
    return List.copyOf(widths);
  }

  public <E extends Enum<E>> E choice(String key, Class<E> type) {
    String value = string(key);
    List<String> allowed = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      String name = e.name().toLowerCase(Locale.ROOT).replace('_', '-');
      if (name.equals(value)) {
        return e;
      }
      allowed.add(name);
    }
    throw new ConfigError(key, "'" + value + "' is not one of " + allowed);
  }

  /**
   * One of the names in {@code allowed}; an error lists them, the closest first.
   *
   * @param context what restricts the names, for the message ("for game.type = gan"), or empty
   */
  public String name(String key, java.util.Collection<String> allowed, String context) {
    String value = string(key);
    if (!allowed.contains(value)) {
      throw new ConfigError(key, "'" + value + "' is not one of " + allowed + (context.isEmpty() ? "" : " " + context)
          + " (did you mean '" + ConfigFiles.closest(value, allowed) + "'?)");
    }
    return value;
  }

  public <T> T get(String key, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (ConfigException e) {
      throw new ConfigError(key, e.getMessage());
    }
  }
}
