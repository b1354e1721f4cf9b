package ai.equilibrium.config;

import ai.equilibrium.optim.NormScope;
import ai.equilibrium.optim.OptimizerSettings;
import ai.equilibrium.optim.Optimizers;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An experiment's keys, parsed once: the defaults in {@code equilibrium-defaults.conf} and those of the game type
 * it names, overridden by an experiment file, overridden by command-line {@code key=value} pairs.
 * Keys that the defaults do not know are rejected, naming the key and the closest known one; values are
 * checked here and nowhere else.
 */
public final class ExperimentSchema {
  private static final String DEFAULTS_RESOURCE = "equilibrium-defaults.conf";
  /** {@code data.source} and {@code data.path}: the game's first source, or the source's own location. */
  private static final String AUTO = "auto";

  private ExperimentSchema() {}

  /**
   * @param file      a HOCON file on the local file system, or null for the defaults alone
   * @param overrides {@code key=value} pairs in HOCON syntax, applied last
   */
  public static ExperimentConfig load(String file, List<String> overrides) {
    return file == null ? withOverrides(ConfigFactory.empty(), "the defaults", overrides)
        : withOverrides(ConfigFiles.parseFile(file, "--config"), file, overrides);
  }

  /**
   * A configuration from HOCON text, for example a run directory's config.conf read from any Hadoop path.
   *
   * @param origin names the text in errors
   */
  public static ExperimentConfig loadText(String hocon, String origin, List<String> overrides) {
    return withOverrides(ConfigFiles.parseText(hocon, origin), origin, overrides);
  }

  private static ExperimentConfig withOverrides(Config user, String origin, List<String> overrides) {
    Config commandLine = renamed(ConfigFiles.withOverrides(ConfigFactory.empty(), overrides), "the command line");
    ConfigFiles.rejectUnknownKeys(commandLine, defaults(gameType(commandLine.withFallback(user))), "the command line");
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

  /** Validates a user configuration against the defaults and builds the typed records. */
  public static ExperimentConfig parse(Config given, String origin) {
    Config user = renamed(given, origin);
    GameSchema gameType = gameType(user);
    Config defaults = defaults(gameType);
    ConfigFiles.rejectUnknownKeys(user, defaults, origin);
    Config c;
    try {
      c = user.withFallback(defaults).resolve();
    } catch (ConfigException e) {
      throw new ConfigError(ConfigFiles.unresolvedKey(user, defaults).orElse(origin), e.getMessage());
    }
    ConfigReader r = new ConfigReader(c);
    Settings.Run run = new Settings.Run(r.nonBlank("run.name"), r.wholeNumber("run.seed"), r.positive("run.steps"),
        r.nonBlank("run.output-dir"), r.positive("run.log-every"), r.atLeast("run.progress-every", 0),
        r.atLeast("run.sample-every", 0), r.positive("run.sample-count"),
        r.atLeast("run.checkpoint-every", 0), r.positive("run.keep-checkpoints"));
    String source = r.nonBlank("data.source");
    source = AUTO.equals(source) ? gameType.dataSources().get(0) : r.name("data.source", gameType.dataSources(),
        "for game.type = " + gameType.name());
    String dataPath = r.nonBlank("data.path");
    Settings.Data data = new Settings.Data(source, AUTO.equals(dataPath) ? Optional.empty() : Optional.of(dataPath),
        r.positive("data.mixture-samples"),
        new Settings.NoiseImages(r.positive("data.noise-images.channels"), r.positive("data.noise-images.size"),
            r.positive("data.noise-images.samples")),
        new Settings.Moons(r.positive("data.moons.samples"), r.nonNegative("data.moons.noise"),
            r.number("data.moons.rotation-degrees")),
        new Settings.MnistM(r.choice("data.mnistm.backgrounds", Settings.Backgrounds.class),
            r.nonBlank("data.mnistm.photos")));
    Settings.Architecture architecture = r.choice("model.architecture", Settings.Architecture.class);
    int latent = AUTO.equals(r.raw("model.latent-dim"))
        ? (architecture == Settings.Architecture.MLP ? 64 : 100) : r.positive("model.latent-dim");
    Settings.Model model = new Settings.Model(architecture, latent, r.widths("model.generator-hidden"),
        r.widths("model.adversary-hidden"), r.choice("model.hidden-activation", Settings.HiddenActivation.class),
        dropout(r, "model.adversary-dropout"),
        r.choice("model.precision", Settings.Precision.class),
        r.widths("model.feature-hidden"), r.positive("model.feature-dimension"), r.widths("model.classifier-hidden"),
        r.choice("model.feature-extractor", Settings.FeatureExtractorKind.class));
    Settings.Game game = new Settings.Game(gameType.name(), r.choice("game.loss", Settings.LossKind.class),
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
    Settings.BestResponse bestResponse = new Settings.BestResponse(r.bool("stabilize.brc.enabled"),
        r.choice("stabilize.brc.hessian", Settings.HessianKind.class), r.nonNegative("stabilize.brc.epsilon"),
        r.nonNegative("stabilize.brc.relative-damping"), r.bool("stabilize.brc.fresh-draw"),
        r.positive("stabilize.brc.exact-iterations"), r.positiveNumber("stabilize.brc.exact-tolerance"),
        r.positiveNumber("stabilize.brc.fd-step"));
    if (bestResponse.enabled() && bestResponse.freshDraw()
        && train.updateOrder() == Settings.UpdateOrderKind.SIMULTANEOUS) {
      throw new ConfigError("stabilize.brc.fresh-draw", "applies to update-order = alternating, where the main player's "
          + "phase would otherwise reuse the batch the adversary just descended on; simultaneous updates take both "
          + "players' gradients before either moves");
    }
    Settings.Stabilize stabilize = new Settings.Stabilize(bestResponse, r.bool("stabilize.spectral-norm"),
        r.choice("stabilize.penalty.type", Settings.PenaltyKind.class), r.nonNegative("stabilize.penalty.weight"),
        r.positiveNumber("stabilize.penalty.fd-step"));
    String extractorPath = r.string("eval.extractor-path");
    Settings.Eval eval = new Settings.Eval(r.atLeast("eval.every", 0), r.atLeast("eval.samples", 10),
        r.choice("eval.extractor", Settings.ExtractorKind.class),
        AUTO.equals(extractorPath) ? Optional.empty() : Optional.of(extractorPath),
        r.string("eval.feature-layer"), r.positive("eval.input-size"), r.choice("eval.best-metric", Settings.BestMetric.class));
    Settings.Schedule schedule = new Settings.Schedule(r.choice("schedule.type", Settings.ScheduleKind.class),
        r.fraction("schedule.decay"), r.probability("schedule.h-min"), r.atLeastOne("schedule.f-max"),
        r.autoOrPositive("schedule.x-min"), r.autoOrPositive("schedule.x-max"), r.atLeast("schedule.warmup-updates", 0));
    Settings.Guard guard = new Settings.Guard(r.bool("guard.enabled"),
        "off".equals(r.raw("guard.band")) ? OptionalDouble.empty() : OptionalDouble.of(r.positiveNumber("guard.band")),
        r.positive("guard.patience"), r.fraction("guard.ema-decay"), r.probability("guard.lr-factor"),
        r.atLeast("guard.max-rollbacks", 0));
    Settings.Spark spark = new Settings.Spark(r.nonBlank("spark.master"), ConfigFiles.sparkConf(r),
        r.choice("spark.reduction", Settings.ReductionKind.class), r.choice("spark.backend", Settings.BackendKind.class),
        r.positive("spark.block-steps"));
    // config.conf names the source that auto chose, so that the file says what ran
    String rendered = c.withValue("data.source", ConfigValueFactory.fromAnyRef(source)).root().render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
    return new ExperimentConfig(run, data, model, game, train, stabilize, eval, optimizer(r, "optimizer.main"),
        optimizer(r, "optimizer.adversary"), schedule, guard, spark, gameType.settings(r), rendered);
  }

  private static OptimizerSettings optimizer(ConfigReader r, String section) {
    return new OptimizerSettings(r.name(section + ".type", Optimizers.types(), ""), r.positiveNumber(section + ".lr"),
        r.fraction(section + ".beta1"), r.fraction(section + ".beta2"), r.positiveNumber(section + ".epsilon"),
        r.choice(section + ".scope", NormScope.class),
        r.name(section + ".magnitude", Optimizers.graftableTypes(), "as a grafted optimizer's part"),
        r.name(section + ".direction", Optimizers.graftableTypes(), "as a grafted optimizer's part"),
        r.choice(section + ".decay", OptimizerSettings.Decay.class));
  }

  /** The game type {@code user} names (game.type, the shared default where it names none). */
  private static GameSchema gameType(Config user) {
    Config c;
    try {
      c = user.withFallback(ConfigFiles.resource(DEFAULTS_RESOURCE))
          .resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
    } catch (ConfigException e) {
      throw new ConfigError("game.type", e.getMessage());
    }
    return GameSchemas.named(new ConfigReader(c).nonBlank("game.type"));
  }

  /** The shared defaults and those of the game type's own keys: another game's keys are unknown here. */
  private static Config defaults(GameSchema game) {
    Config shared = ConfigFiles.resource(DEFAULTS_RESOURCE);
    return game.defaults().isBlank() ? shared
        : shared.withFallback(ConfigFiles.parseText(game.defaults(), "the defaults of game.type = " + game.name()));
  }

  /** A dropout rate: the probability of dropping, in [0, 1). */
  private static double dropout(ConfigReader r, String key) {
    double rate = r.nonNegative(key);
    if (rate >= 1) {
      throw new ConfigError(key, "a dropout rate is the probability of dropping a unit, in [0, 1), got " + rate);
    }
    return rate;
  }
}
