package ai.equilibrium.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/** Typed reads that turn every failure into a {@link ConfigError} naming the key. */
record ConfigReader(Config c) {
  Object raw(String key) {
    return get(key, () -> c.getValue(key).unwrapped());
  }

  String string(String key) {
    return get(key, () -> c.getString(key));
  }

  /** A name or a path: an empty one would silently mean another place (output-dir "" is the root). */
  String nonBlank(String key) {
    String v = string(key);
    if (v.isBlank()) {
      throw new ConfigError(key, "must not be empty");
    }
    return v;
  }

  long wholeNumber(String key) {
    return get(key, () -> c.getLong(key));
  }

  Config section(String key) {
    return get(key, () -> c.getConfig(key));
  }

  int positive(String key) {
    return atLeast(key, 1);
  }

  int atLeast(String key, int min) {
    int v = get(key, () -> c.getInt(key));
    if (v < min) {
      throw new ConfigError(key, "must be at least " + min + ", got " + v);
    }
    return v;
  }

  double number(String key) {
    return get(key, () -> c.getDouble(key));
  }

  boolean bool(String key) {
    return get(key, () -> c.getBoolean(key));
  }

  double nonNegative(String key) {
    double v = number(key);
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new ConfigError(key, "must be a non-negative number, got " + v);
    }
    return v;
  }

  double fraction(String key) {
    double v = number(key);
    if (!(v >= 0 && v < 1)) {
      throw new ConfigError(key, "must lie in [0, 1), got " + v);
    }
    return v;
  }

  double probability(String key) {
    double v = number(key);
    if (!(v > 0 && v <= 1)) {
      throw new ConfigError(key, "must lie in (0, 1], got " + v);
    }
    return v;
  }

  double atLeastOne(String key) {
    double v = number(key);
    if (!(v >= 1)) {
      throw new ConfigError(key, "must be at least 1, got " + v);
    }
    return v;
  }

  double positiveNumber(String key) {
    double v = number(key);
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new ConfigError(key, "must be a positive number, got " + v);
    }
    return v;
  }

  /** A path, or empty for none; "auto" is returned as it is, for the caller to resolve. */
  Optional<String> optionalPath(String key) {
    String v = nonBlank(key);
    return "none".equals(v) ? Optional.empty() : Optional.of(v);
  }

  OptionalDouble autoOrPositive(String key) {
    return "auto".equals(raw(key)) ? OptionalDouble.empty() : OptionalDouble.of(positiveNumber(key));
  }

  List<Integer> widths(String key) {
    List<Integer> widths = get(key, () -> c.getIntList(key));
    for (int w : widths) {
      if (w < 1) {
        throw new ConfigError(key, "layer widths must be positive, got " + widths);
      }
    }
    return List.copyOf(widths);
  }

  <E extends Enum<E>> E choice(String key, Class<E> type) {
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

  Settings.Optimizer optimizer(String section) {
    Settings.Optimizer o = new Settings.Optimizer(choice(section + ".type", Settings.OptimizerKind.class),
        positiveNumber(section + ".lr"), fraction(section + ".beta1"), fraction(section + ".beta2"),
        positiveNumber(section + ".epsilon"), choice(section + ".scope", Settings.NormScope.class),
        choice(section + ".magnitude", Settings.OptimizerKind.class),
        choice(section + ".direction", Settings.OptimizerKind.class),
        choice(section + ".decay", Settings.LrDecay.class));
    for (String part : new String[] {"magnitude", "direction"}) {
      if ((part.equals("magnitude") ? o.magnitude() : o.direction()) == Settings.OptimizerKind.GRAFTED) {
        throw new ConfigError(section + "." + part, "a grafted optimizer's parts must be adam, sgd or nsgd");
      }
    }
    return o;
  }

  <T> T get(String key, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (ConfigException e) {
      throw new ConfigError(key, e.getMessage());
    }
  }
}
