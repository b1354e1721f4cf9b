package ai.equilibrium.config;

import ai.equilibrium.data.FashionMnistSource;
import ai.equilibrium.data.MnistToMnistMSource;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses an experiment once: the defaults in {@code equilibrium-defaults.conf}, overridden by an experiment
 * file, overridden by command-line {@code key=value} pairs. Keys that the defaults do not know are
 * rejected, naming the key and the closest known one; values are checked here and nowhere else.
 */
public final class ConfigLoader {
  private static final String DEFAULTS_RESOURCE = "equilibrium-defaults.conf";
  /** Sections whose keys are passed through rather than checked. */
  private static final String FREE_FORM_PREFIX = "spark.conf.";
  /** Names overrides in error messages. */
  static final ConfigParseOptions COMMAND_LINE = ConfigParseOptions.defaults()
      .setOriginDescription("the command line");

  private ConfigLoader() {}

  /**
   * @param file      a HOCON file on the local file system, or null for the defaults alone
   * @param overrides {@code key=value} pairs in HOCON syntax, applied last
   */
  public static ExperimentConfig load(String file, List<String> overrides) {
    Config user = ConfigFactory.empty();
    String origin = "the defaults";
    if (file != null) {
      File f = new File(file);
      if (!f.isFile()) {
        throw new ConfigError("--config", "no config file at " + f.getAbsolutePath());
      }
      try {
        user = ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setAllowMissing(false));
      } catch (ConfigException e) {
        throw new ConfigError("--config", "cannot parse " + file + ": " + e.getMessage());
      }
      origin = file;
    }
    return withOverrides(user, origin, overrides);
  }

  /**
   * A configuration from HOCON text, for example a run directory's config.conf read from any Hadoop path.
   *
   * @param origin names the text in errors
   */
  public static ExperimentConfig loadText(String hocon, String origin, List<String> overrides) {
    Config user;
    try {
      user = ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription(origin));
    } catch (ConfigException e) {
      throw new ConfigError(origin, "cannot parse: " + e.getMessage());
    }
    return withOverrides(user, origin, overrides);
  }

  private static ExperimentConfig withOverrides(Config user, String origin, List<String> overrides) {
    Config commandLine = ConfigFactory.empty();
    for (String override : overrides) { // later overrides win
      commandLine = ConfigFactory.parseString(checkedOverride(override), COMMAND_LINE).withFallback(commandLine);
    }
    commandLine = renamed(commandLine, "the command line");
    rejectUnknownKeys(commandLine, defaults(), "the command line");
    return parse(commandLine.withFallback(user), origin);
  }

  /**
   * Sections renamed so that one name fits every game, old name to new: configurations written for GANs
   * alone keep working.
   */
  private static final Map<String, String> RENAMED_SECTIONS = Map.of("optimizer.generator", "optimizer.main");

  private static Config renamed(Config config, String origin) {
    Config out = config;
    for (Map.Entry<String, String> rename : RENAMED_SECTIONS.entrySet()) {
      if (!out.hasPath(rename.getKey())) {
        continue;
      }
      if (out.hasPath(rename.getValue())) {
        throw new ConfigError(rename.getKey(), "is the old name of " + rename.getValue() + ", and " + origin
            + " sets both: keep " + rename.getValue());
      }
      out = out.withValue(rename.getValue(), out.getValue(rename.getKey())).withoutPath(rename.getKey());
    }
    return out;
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

  /**
   * A HOCON file named on a command line (a sweep or suite file), with {@code key=value} overrides over it (the
   * last one wins), over the defaults in {@code defaultsResource}, every key checked against them.
   */
  static ConfigReader readFile(String file, String what, List<String> overrides, String defaultsResource) {
    Config user = parseFile(file, what, overrides);
    Config defaults = resource(defaultsResource);
    rejectUnknownKeys(user, defaults, file);
    return new ConfigReader(user.withFallback(defaults).resolve());
  }

  private static Config parseFile(String file, String what, List<String> overrides) {
    File f = new File(file);
    if (!f.isFile()) {
      throw new ConfigError(what, "no " + what + " at " + f.getAbsolutePath());
    }
    Config user;
    try {
      user = ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new ConfigError(what, "cannot parse " + file + ": " + e.getMessage());
    }
    for (String override : overrides) {
      user = ConfigFactory.parseString(checkedOverride(override), COMMAND_LINE).withFallback(user);
    }
    return user;
  }

  /** The spark.conf section, passed through as it is. */
  static Map<String, String> sparkConf(ConfigReader r) {
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
  static String besideOrAbove(String path, File namedBy, String key) {
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

  /** Validates a user configuration against the defaults and builds the typed records. */
  public static ExperimentConfig parse(Config given, String origin) {
    Config defaults = defaults();
    Config user = renamed(given, origin);
    rejectUnknownKeys(user, defaults, origin);
    Config c;
    try {
      c = user.withFallback(defaults).resolve();
    } catch (ConfigException e) {
      throw new ConfigError(unresolvedKey(user, defaults).orElse(origin), e.getMessage());
    }
    ConfigReader r = new ConfigReader(c);
    Settings.Run run = new Settings.Run(r.nonBlank("run.name"), r.wholeNumber("run.seed"), r.positive("run.steps"),
        r.nonBlank("run.output-dir"), r.positive("run.log-every"), r.atLeast("run.progress-every", 0),
        r.atLeast("run.sample-every", 0), r.positive("run.sample-count"),
        r.atLeast("run.checkpoint-every", 0), r.positive("run.keep-checkpoints"));
    Settings.DataSourceKind source = r.choice("data.source", Settings.DataSourceKind.class);
    String dataPath = r.nonBlank("data.path");
    Settings.Data data = new Settings.Data(source, "auto".equals(dataPath) ? defaultDataPath(source) : dataPath,
        r.positive("data.mixture-samples"),
        new Settings.NoiseImages(r.positive("data.noise-images.channels"), r.positive("data.noise-images.size"),
            r.positive("data.noise-images.samples")),
        new Settings.Moons(r.positive("data.moons.samples"), r.nonNegative("data.moons.noise"),
            r.number("data.moons.rotation-degrees")));
    Settings.Architecture architecture = r.choice("model.architecture", Settings.Architecture.class);
    int latent = "auto".equals(r.raw("model.latent-dim"))
        ? (architecture == Settings.Architecture.MLP ? 64 : 100) : r.positive("model.latent-dim");
    Settings.Model model = new Settings.Model(architecture, latent, r.widths("model.generator-hidden"),
        r.widths("model.adversary-hidden"), r.choice("model.precision", Settings.Precision.class),
        r.widths("model.feature-hidden"), r.positive("model.feature-dimension"), r.widths("model.classifier-hidden"));
    Settings.Game game = new Settings.Game(r.choice("game.type", Settings.GameKind.class),
        r.choice("game.loss", Settings.LossKind.class),
        "dann".equals(r.raw("game.lambda")) ? OptionalDouble.empty() : OptionalDouble.of(r.nonNegative("game.lambda")),
        r.choice("game.domain-loss", Settings.DomainLoss.class));
    Settings.Train train = new Settings.Train(r.positive("train.batch-size"), r.positive("train.partitions"),
        r.positive("train.micro-batches-per-partition"), r.choice("train.update-order", Settings.UpdateOrderKind.class),
        r.positive("train.adversary-steps"));
    int pieces = train.partitions() * train.microBatchesPerPartition();
    if (train.batchSize() % pieces != 0) {
      throw new ConfigError("train.batch-size", train.batchSize() + " does not split into train.partitions ("
          + train.partitions() + ") x train.micro-batches-per-partition (" + train.microBatchesPerPartition() + ")");
    }
    if (train.updateOrder() == Settings.UpdateOrderKind.SIMULTANEOUS && train.adversarySteps() != 1) {
      throw new ConfigError("train.adversary-steps", "must be 1 with update-order = simultaneous, got "
          + train.adversarySteps() + " (use update-order = alternating for several adversary steps)");
    }
    Settings.Stabilize stabilize = new Settings.Stabilize(r.bool("stabilize.brc.enabled"),
        r.nonNegative("stabilize.brc.epsilon"), r.bool("stabilize.spectral-norm"),
        r.choice("stabilize.penalty.type", Settings.PenaltyKind.class), r.nonNegative("stabilize.penalty.weight"),
        r.positiveNumber("stabilize.penalty.fd-step"));
    String extractorPath = r.string("eval.extractor-path");
    Settings.Eval eval = new Settings.Eval(r.atLeast("eval.every", 0), r.atLeast("eval.samples", 10),
        r.choice("eval.extractor", Settings.ExtractorKind.class),
        "auto".equals(extractorPath) ? java.util.Optional.empty() : java.util.Optional.of(extractorPath),
        r.string("eval.feature-layer"), r.positive("eval.input-size"), r.choice("eval.best-metric", Settings.BestMetric.class));
    Settings.Schedule schedule = new Settings.Schedule(r.choice("schedule.type", Settings.ScheduleKind.class),
        r.fraction("schedule.decay"), r.probability("schedule.h-min"), r.atLeastOne("schedule.f-max"),
        r.autoOrPositive("schedule.x-min"), r.autoOrPositive("schedule.x-max"));
    Settings.Guard guard = new Settings.Guard(r.bool("guard.enabled"),
        "off".equals(r.raw("guard.band")) ? OptionalDouble.empty() : OptionalDouble.of(r.positiveNumber("guard.band")),
        r.positive("guard.patience"), r.fraction("guard.ema-decay"), r.probability("guard.lr-factor"),
        r.atLeast("guard.max-rollbacks", 0));
    Map<String, String> sparkConf = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : r.section("spark.conf").entrySet()) {
      sparkConf.put(stripQuotes(e.getKey()), String.valueOf(e.getValue().unwrapped()));
    }
    Settings.Spark spark = new Settings.Spark(r.nonBlank("spark.master"), sparkConf);
    String rendered = c.root().render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
    return new ExperimentConfig(run, data, model, game, train, stabilize, eval, r.optimizer("optimizer.main"),
        r.optimizer("optimizer.adversary"), schedule, guard, spark, rendered);
  }

  /** Where each data set is when data.path = auto. */
  private static String defaultDataPath(Settings.DataSourceKind source) {
    return switch (source) {
      case FASHION_MNIST -> FashionMnistSource.DEFAULT_DIRECTORY;
      case MNIST_TO_MNISTM -> MnistToMnistMSource.DEFAULT_PATH;
      case GAUSSIAN_RING, GAUSSIAN_GRID, NOISE_IMAGES, TWO_MOONS -> "(generated)";
      case IMAGE_SHARDS -> throw new ConfigError("data.path", "data.source = image-shards reads a folder that "
          + "submit-scripts/prepare-images wrote: set data.path to it");
    };
  }

  private static Config defaults() {
    return resource(DEFAULTS_RESOURCE);
  }

  static Config resource(String name) {
    Config defaults = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), name);
    if (defaults.isEmpty()) {
      throw new IllegalStateException(name + " is missing from the classpath");
    }
    return defaults;
  }

  static void rejectUnknownKeys(Config user, Config defaults, String origin) {
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
      String closest = known.stream().min(Comparator.comparingInt(k -> editDistance(k, key))).orElse("");
      throw new ConfigError(key, "unknown key in " + origin + " (did you mean '" + closest + "'?)");
    }
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
  private static Optional<String> unresolvedKey(Config user, Config defaults) {
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

  static String stripQuotes(String key) {
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
