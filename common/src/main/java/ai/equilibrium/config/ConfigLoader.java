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
import java.util.Locale;
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
  private static final ConfigParseOptions COMMAND_LINE = ConfigParseOptions.defaults()
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
  private static String checkedOverride(String override) {
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

  private static final String PREPARE_DEFAULTS_RESOURCE = "prepare-defaults.conf";

  /**
   * The settings of an image preparation: {@code prepare-defaults.conf} overridden by {@code key=value} pairs,
   * checked as an experiment's are.
   */
  public static PreparationSettings loadPreparation(String input, String output, List<String> overrides) {
    Config defaults = resource(PREPARE_DEFAULTS_RESOURCE);
    Config commandLine = ConfigFactory.empty()
        .withValue("prepare.input", com.typesafe.config.ConfigValueFactory.fromAnyRef(input))
        .withValue("prepare.output", com.typesafe.config.ConfigValueFactory.fromAnyRef(output));
    for (String override : overrides) {
      commandLine = ConfigFactory.parseString(checkedOverride(override), COMMAND_LINE).withFallback(commandLine);
    }
    rejectUnknownKeys(commandLine, defaults, "the command line");
    Reader r = new Reader(commandLine.withFallback(defaults).resolve());
    Map<String, String> sparkConf = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : r.section("spark.conf").entrySet()) {
      sparkConf.put(stripQuotes(e.getKey()), String.valueOf(e.getValue().unwrapped()));
    }
    return new PreparationSettings(r.nonBlank("prepare.input"), r.nonBlank("prepare.output"), r.positive("prepare.size"),
        r.choice("prepare.crop", ai.equilibrium.data.ImageResampler.Crop.class), r.positive("prepare.images-per-shard"),
        r.fraction("prepare.max-bad-fraction"), r.optionalPath("prepare.split-file"),
        r.optionalPath("prepare.attributes-file"), r.fraction("prepare.held-out-fraction"),
        r.atLeast("prepare.progress-seconds", 0), r.nonBlank("spark.master"), sparkConf);
  }

  private static final String SWEEP_DEFAULTS_RESOURCE = "sweep-defaults.conf";

  /**
   * A sweep file: {@code sweep-defaults.conf} overridden by the file, overridden by {@code key=value} pairs; the
   * search and arm lists are checked entry by entry, and every arm's first trial is loaded as an experiment, so
   * that a misspelt key fails here, naming it, rather than in the hundredth trial.
   */
  public static ai.equilibrium.sweep.SweepSpec loadSweep(String file, List<String> overrides) {
    File f = new File(file);
    if (!f.isFile()) {
      throw new ConfigError("sweep file", "no sweep file at " + f.getAbsolutePath());
    }
    Config user;
    try {
      user = ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new ConfigError("sweep file", "cannot parse " + file + ": " + e.getMessage());
    }
    for (String override : overrides) {
      user = ConfigFactory.parseString(checkedOverride(override), COMMAND_LINE).withFallback(user);
    }
    Config defaults = resource(SWEEP_DEFAULTS_RESOURCE);
    rejectUnknownKeys(user, defaults, file);
    Reader r = new Reader(user.withFallback(defaults).resolve());
    List<ai.equilibrium.sweep.SearchParameter> search = new ArrayList<>();
    List<? extends Config> entries = r.get("sweep.search", () -> r.c().getConfigList("sweep.search"));
    for (int i = 0; i < entries.size(); i++) {
      search.add(searchParameter(new Reader(entries.get(i)), "sweep.search[" + i + "]"));
    }
    List<ai.equilibrium.sweep.SweepSpec.Arm> arms = new ArrayList<>();
    List<? extends Config> armEntries = r.get("sweep.arms", () -> r.c().getConfigList("sweep.arms"));
    for (int i = 0; i < armEntries.size(); i++) {
      arms.add(arm(new Reader(armEntries.get(i)), "sweep.arms[" + i + "]", search));
    }
    if (arms.isEmpty()) {
      arms.add(new ai.equilibrium.sweep.SweepSpec.Arm("all", Map.of()));
    }
    List<Long> seeds = r.get("sweep.seeds", () -> r.c().getLongList("sweep.seeds"));
    if (seeds.isEmpty()) {
      throw new ConfigError("sweep.seeds", "needs at least one seed");
    }
    String base = besideOrAbove(r.nonBlank("sweep.base"), f, "sweep.base");
    String direction = r.string("sweep.direction");
    if (!direction.equals("lower") && !direction.equals("higher")) {
      throw new ConfigError("sweep.direction", "'" + direction + "' is not one of [lower, higher]");
    }
    Map<String, String> sparkConf = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : r.section("spark.conf").entrySet()) {
      sparkConf.put(stripQuotes(e.getKey()), String.valueOf(e.getValue().unwrapped()));
    }
    ai.equilibrium.sweep.SweepSpec spec = new ai.equilibrium.sweep.SweepSpec(r.nonBlank("sweep.name"), base,
        r.get("sweep.overrides", () -> r.c().getStringList("sweep.overrides")), search, arms, r.positive("sweep.trials"),
        seeds, r.wholeNumber("sweep.seed"), new ai.equilibrium.sweep.SweepSpec.Metric(r.nonBlank("sweep.metric"),
            direction.equals("lower") ? ai.equilibrium.sweep.ExpectedBest.Direction.LOWER_IS_BETTER
                : ai.equilibrium.sweep.ExpectedBest.Direction.HIGHER_IS_BETTER),
        r.choice("sweep.placement", ai.equilibrium.sweep.SweepSpec.Placement.class), r.nonBlank("sweep.output-dir"),
        r.nonBlank("spark.master"), sparkConf);
    for (ai.equilibrium.sweep.SweepSpec.Arm arm : spec.arms()) {
      ai.equilibrium.sweep.SweepTrial first = new ai.equilibrium.sweep.SweepTrial(arm.name(), 0, seeds.get(0),
          spec.sample(0), arm.settings());
      try {
        load(base, first.overrides(spec.overrides()));
      } catch (ConfigError e) {
        throw new ConfigError(e.key(), "in arm '" + arm.name() + "' of " + file + ": " + e.getMessage());
      }
    }
    return spec;
  }

  private static final String SUITE_DEFAULTS_RESOURCE = "suite-defaults.conf";

  /**
   * A nightly suite file: {@code suite-defaults.conf} overridden by the file and by {@code key=value} pairs; each
   * entry's experiment is loaded now, so that a misspelt key fails before the night's first run.
   */
  public static ai.equilibrium.nightly.SuiteSpec loadSuite(String file, List<String> overrides) {
    File f = new File(file);
    if (!f.isFile()) {
      throw new ConfigError("suite file", "no suite file at " + f.getAbsolutePath());
    }
    Config user;
    try {
      user = ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new ConfigError("suite file", "cannot parse " + file + ": " + e.getMessage());
    }
    for (String override : overrides) {
      user = ConfigFactory.parseString(checkedOverride(override), COMMAND_LINE).withFallback(user);
    }
    Config defaults = resource(SUITE_DEFAULTS_RESOURCE);
    rejectUnknownKeys(user, defaults, file);
    Reader r = new Reader(user.withFallback(defaults).resolve());
    List<ai.equilibrium.nightly.SuiteSpec.Entry> entries = new ArrayList<>();
    List<? extends Config> list = r.get("suite.entries", () -> r.c().getConfigList("suite.entries"));
    Set<String> names = new TreeSet<>();
    for (int i = 0; i < list.size(); i++) {
      String where = "suite.entries[" + i + "]";
      Reader e = new Reader(list.get(i));
      for (String key : list.get(i).root().keySet()) {
        if (!Set.of("name", "config", "overrides", "seeds", "metric", "direction").contains(key)) {
          throw new ConfigError(where + "." + key, "unknown; an entry has name, config, overrides, seeds, metric, "
              + "direction");
        }
      }
      try {
        String direction = e.string("direction");
        if (!direction.equals("lower") && !direction.equals("higher")) {
          throw new ConfigError("direction", "'" + direction + "' is not one of [lower, higher]");
        }
        List<String> entryOverrides = list.get(i).hasPath("overrides")
            ? e.get("overrides", () -> e.c().getStringList("overrides")) : List.of();
        List<Long> seeds = e.get("seeds", () -> e.c().getLongList("seeds"));
        if (seeds.size() < 2) {
          throw new ConfigError("seeds", "needs at least two seeds, for the spread the regression test needs");
        }
        ai.equilibrium.nightly.SuiteSpec.Entry entry = new ai.equilibrium.nightly.SuiteSpec.Entry(e.nonBlank("name"),
            besideOrAbove(e.nonBlank("config"), f, "config"), entryOverrides, seeds, e.nonBlank("metric"), direction.equals("lower")
                ? ai.equilibrium.sweep.ExpectedBest.Direction.LOWER_IS_BETTER
                : ai.equilibrium.sweep.ExpectedBest.Direction.HIGHER_IS_BETTER);
        if (!names.add(entry.name())) {
          throw new ConfigError("name", "'" + entry.name() + "' names two entries");
        }
        load(entry.config(), entryOverrides);
        entries.add(entry);
      } catch (ConfigError err) {
        throw new ConfigError(where + "." + err.key(), err.getMessage());
      }
    }
    if (entries.isEmpty()) {
      throw new ConfigError("suite.entries", "a suite needs at least one entry");
    }
    Map<String, String> sparkConf = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : r.section("spark.conf").entrySet()) {
      sparkConf.put(stripQuotes(e.getKey()), String.valueOf(e.getValue().unwrapped()));
    }
    return new ai.equilibrium.nightly.SuiteSpec(r.nonBlank("suite.name"), r.nonBlank("suite.output-dir"),
        r.positive("suite.history-nights"), r.probability("suite.alpha"), r.nonNegative("suite.min-relative-effect"),
        entries, r.nonBlank("spark.master"), sparkConf);
  }

  /**
   * An experiment file named in a sweep or suite file: as given (relative to the working directory), else
   * relative to the folder of the file that names it or a folder above it, so that conf/sweeps/x.conf can name
   * conf/ring-mlp.conf from wherever it is run.
   */
  private static String besideOrAbove(String path, File namedBy, String key) {
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

  private static ai.equilibrium.sweep.SearchParameter searchParameter(Reader r, String where) {
    for (String key : r.c().root().keySet()) {
      if (!Set.of("key", "distribution", "min", "max", "values").contains(key)) {
        throw new ConfigError(where + "." + key, "unknown; a search entry has key, distribution, min, max, values");
      }
    }
    String key = r.nonBlank("key");
    String distribution = r.string("distribution");
    try {
      return switch (distribution) {
        case "log-uniform" -> new ai.equilibrium.sweep.SearchParameter.LogUniform(key, r.number("min"), r.number("max"));
        case "uniform" -> new ai.equilibrium.sweep.SearchParameter.Uniform(key, r.number("min"), r.number("max"));
        case "choice" -> new ai.equilibrium.sweep.SearchParameter.Choice(key,
            r.get("values", () -> r.c().getList("values").stream().map(v -> v.render(
                ConfigRenderOptions.concise())).toList()));
        default -> throw new ConfigError(where + ".distribution", "'" + distribution
            + "' is not one of [log-uniform, uniform, choice]");
      };
    } catch (ConfigError e) {
      throw new ConfigError(where + "." + e.key(), e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new ConfigError(where, e.getMessage());
    }
  }

  private static ai.equilibrium.sweep.SweepSpec.Arm arm(Reader r, String where,
      List<ai.equilibrium.sweep.SearchParameter> search) {
    for (String key : r.c().root().keySet()) {
      if (!Set.of("name", "set").contains(key)) {
        throw new ConfigError(where + "." + key, "unknown; an arm has name and set");
      }
    }
    Map<String, String> settings = new LinkedHashMap<>();
    if (r.c().hasPath("set")) {
      for (Map.Entry<String, ConfigValue> e : r.section("set").entrySet()) {
        String key = stripQuotes(e.getKey());
        if (search.stream().anyMatch(p -> p.key().equals(key))) {
          throw new ConfigError(where + ".set", key + " is also searched; an arm may not pin what the search varies");
        }
        settings.put(key, e.getValue().render(ConfigRenderOptions.concise()));
      }
    }
    return new ai.equilibrium.sweep.SweepSpec.Arm(r.nonBlank("name"), settings);
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
    Reader r = new Reader(c);
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

  private static Config resource(String name) {
    Config defaults = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), name);
    if (defaults.isEmpty()) {
      throw new IllegalStateException(name + " is missing from the classpath");
    }
    return defaults;
  }

  private static void rejectUnknownKeys(Config user, Config defaults, String origin) {
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

  private static String stripQuotes(String key) {
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

  /** Typed reads that turn every failure into a {@link ConfigError} naming the key. */
  private record Reader(Config c) {
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
}
