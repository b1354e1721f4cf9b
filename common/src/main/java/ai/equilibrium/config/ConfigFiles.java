package ai.equilibrium.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import ai.equilibrium.storage.FileSystems;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * HOCON files and text as every configuration of the project reads them (experiments, sweeps, suites,
 * preparations): a file, {@code key=value} overrides over it (the last one wins), defaults beneath, and every key
 * checked against the defaults, an unknown one named with the closest known one.
 */
public final class ConfigFiles {
  /** Sections whose keys are passed through rather than checked. */
  private static final String FREE_FORM_PREFIX = "spark.conf.";
  /** Names overrides in error messages. */
  private static final ConfigParseOptions COMMAND_LINE = ConfigParseOptions.defaults()
      .setOriginDescription("the command line");

  private ConfigFiles() {}

  /**
   * A HOCON file on the local file system, or on any Hadoop path with a scheme (hdfs:, s3a:, ...), so that a driver
   * on a cluster reads its experiment in every deploy mode (a file on a Hadoop path includes no other file).
   *
   * @param what names the file's role in errors ("--config", "sweep file")
   */
  public static Config parseFile(String file, String what) {
    if (file.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !file.startsWith("file:")) {
      return parseText(readHadoopFile(file, what), file);
    }
    File f = new File(file.replaceFirst("^file:(//)?", ""));
    if (!f.isFile()) {
      throw new ConfigError(what, "no " + ("--config".equals(what) ? "config file" : what) + " at "
          + f.getAbsolutePath());
    }
    try {
      return ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new ConfigError(what, "cannot parse " + file + ": " + e.getMessage());
    }
  }

  private static String readHadoopFile(String file, String what) {
    try {
      Path path = new Path(file);
      try (InputStream in = FileSystems.of(path).open(path)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigError(what, "cannot read " + file + ": " + e.getMessage());
    }
  }

  /** HOCON text, such as a run directory's config.conf read from any Hadoop path; {@code origin} names it. */
  public static Config parseText(String hocon, String origin) {
    try {
      return ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription(origin));
    } catch (ConfigException e) {
      throw new ConfigError(origin, "cannot parse: " + e.getMessage());
    }
  }

  /** {@code key=value} pairs in HOCON syntax over {@code base}, the last one winning. */
  public static Config withOverrides(Config base, List<String> overrides) {
    Config out = base;
    for (String override : overrides) {
      out = ConfigFactory.parseString(checkedOverride(override), COMMAND_LINE).withFallback(out);
    }
    return out;
  }

  /**
   * A HOCON file named on a command line (a sweep or suite file), with overrides over it, over the defaults in
   * {@code defaultsResource}, every key checked against them.
   */
  public static ConfigReader readFile(String file, String what, List<String> overrides, String defaultsResource) {
    Config user = withOverrides(parseFile(file, what), overrides);
    Config defaults = resource(defaultsResource);
    rejectUnknownKeys(user, defaults, file);
    return new ConfigReader(user.withFallback(defaults).resolve());
  }

  /**
   * An override in HOCON syntax; a value that is not valid HOCON on its own (such as local[2]) is taken as
   * a plain string, so shells need no extra quoting.
   */
  static String checkedOverride(String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new ConfigError(override, "a command-line override must read key=value");
    }
    String key = override.substring(0, eq).trim();
    try {
      ConfigFactory.parseString(override, COMMAND_LINE);
      return override;
    } catch (ConfigException e) {
      String value = override.substring(eq + 1).trim().replace("\\", "\\\\").replace("\"", "\\\"");
      String quoted = key + " = \"" + value + "\"";
      try {
        ConfigFactory.parseString(quoted, COMMAND_LINE);
        return quoted;
      } catch (ConfigException again) {
        throw new ConfigError(key, "cannot parse override '" + override + "': " + e.getMessage());
      }
    }
  }

  /** A HOCON resource on the class path. */
  public static Config resource(String name) {
    Config config = ConfigFactory.parseResources(ConfigFiles.class.getClassLoader(), name);
    if (config.isEmpty()) {
      throw new IllegalStateException(name + " is missing from the classpath");
    }
    return config;
  }

  /** The spark.conf section, passed through as it is. */
  public static Map<String, String> sparkConf(ConfigReader r) {
    Map<String, String> conf = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : r.section("spark.conf").entrySet()) {
      conf.put(stripQuotes(e.getKey()), String.valueOf(e.getValue().unwrapped()));
    }
    return conf;
  }

  /**
   * An experiment file named in a sweep or suite file: as given (relative to the working directory), else
   * relative to the folder of the file that names it or a folder above it, so that conf/sweeps/x.conf can name
   * conf/ring-mlp.conf from wherever it is run.
   */
  public static String besideOrAbove(String path, File namedBy, String key) {
    File given = new File(path);
    if (given.isFile() || given.isAbsolute()) {
      if (!given.isFile()) {
        throw new ConfigError(key, "no experiment file at " + path);
      }
      return path;
    }
    for (File dir = namedBy.getAbsoluteFile().getParentFile(); dir != null; dir = dir.getParentFile()) {
      File candidate = new File(dir, path);
      if (candidate.isFile()) {
        return candidate.getPath();
      }
    }
    throw new ConfigError(key, "no experiment file at " + given.getAbsolutePath() + " nor under a folder above "
        + namedBy);
  }

  /** Fails, naming the key and the closest known one, on any key of {@code user} that {@code defaults} lacks. */
  public static void rejectUnknownKeys(Config user, Config defaults, String origin) {
    Set<String> known = new TreeSet<>(leaves(defaults).keySet());
    for (Map.Entry<String, ConfigValue> leaf : leaves(user).entrySet()) {
      String key = leaf.getKey();
      if (key.startsWith(FREE_FORM_PREFIX) || known.contains(key)) {
        continue;
      }
      for (String value : known) {
        if (key.startsWith(value + ".")) {
          throw new ConfigError(value, "takes a single value, but " + origin + " gives it an object (" + key + ")");
        }
      }
      String inSection = known.stream().filter(k -> k.startsWith(key + ".")).findFirst().orElse(null);
      if (inSection != null && leaf.getValue() instanceof ConfigObject) {
        continue; // an empty section
      }
      if (inSection != null) {
        throw new ConfigError(key, "is a section, not a value, in " + origin + ": set its keys, such as " + inSection);
      }
      throw new ConfigError(key, "unknown key in " + origin + " (did you mean '" + closest(key, known) + "'?)");
    }
  }

  /** The known value nearest to {@code value} by edit distance. */
  public static String closest(String value, java.util.Collection<String> known) {
    return known.stream().min(Comparator.comparingInt(k -> editDistance(k, value))).orElse("");
  }

  /**
   * Every value of {@code config} by path, including nulls and empty objects, which {@link Config#entrySet()}
   * leaves out (so that a misspelt key set to null would pass unnoticed).
   */
  private static Map<String, ConfigValue> leaves(Config config) {
    Map<String, ConfigValue> out = new LinkedHashMap<>();
    addLeaves(config.root(), List.of(), out);
    return out;
  }

  private static void addLeaves(ConfigObject object, List<String> prefix, Map<String, ConfigValue> out) {
    for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
      List<String> path = new ArrayList<>(prefix);
      path.add(e.getKey());
      try {
        if (e.getValue() instanceof ConfigObject child && !child.isEmpty()) {
          addLeaves(child, path, out);
          continue;
        }
      } catch (ConfigException.NotResolved merge) {
        // an object merged with a substitution: reported by name when it fails to resolve
      }
      out.put(ConfigUtil.joinPath(path), e.getValue());
    }
  }

  /** The first key of {@code user} whose substitution cannot be resolved, to name it in the error. */
  static Optional<String> unresolvedKey(Config user, Config defaults) {
    Config partial;
    try {
      partial = user.withFallback(defaults).resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
    } catch (ConfigException e) {
      return Optional.empty();
    }
    for (String key : leaves(user).keySet()) {
      try {
        partial.getValue(key).valueType();
      } catch (ConfigException e) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  public static String stripQuotes(String key) {
    return key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"") ? key.substring(1, key.length() - 1) : key;
  }

  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
