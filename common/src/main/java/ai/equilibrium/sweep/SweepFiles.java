package ai.equilibrium.sweep;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ConfigFiles;
import ai.equilibrium.config.ConfigReader;
import ai.equilibrium.config.ExperimentSchema;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a sweep file once into a {@link SweepSpec}: {@code sweep-defaults.conf}, the file,
 * command-line overrides; the search and arm lists are checked entry by entry.
 */
public final class SweepFiles {
  private SweepFiles() {}

  private static final String SWEEP_DEFAULTS_RESOURCE = "sweep-defaults.conf";

  /**
   * A sweep file: {@code sweep-defaults.conf} overridden by the file, overridden by {@code key=value} pairs; the
   * search and arm lists are checked entry by entry, and every arm's first trial is loaded as an experiment, so
   * that a misspelt key fails here, naming it, rather than in the hundredth trial.
   */
  public static SweepSpec load(String file, List<String> overrides) {
    File f = new File(file);
    ConfigReader r = ConfigFiles.readFile(file, "sweep file", overrides, SWEEP_DEFAULTS_RESOURCE);
    List<SearchParameter> search = new ArrayList<>();
    List<? extends Config> entries = r.get("sweep.search", () -> r.c().getConfigList("sweep.search"));
    for (int i = 0; i < entries.size(); i++) {
      search.add(searchParameter(new ConfigReader(entries.get(i)), "sweep.search[" + i + "]"));
    }
    List<SweepSpec.Arm> arms = new ArrayList<>();
    List<? extends Config> armEntries = r.get("sweep.arms", () -> r.c().getConfigList("sweep.arms"));
    for (int i = 0; i < armEntries.size(); i++) {
      arms.add(arm(new ConfigReader(armEntries.get(i)), "sweep.arms[" + i + "]", search));
    }
    if (arms.isEmpty()) {
      arms.add(new SweepSpec.Arm("all", Map.of()));
    }
    List<Long> seeds = r.get("sweep.seeds", () -> r.c().getLongList("sweep.seeds"));
    if (seeds.isEmpty()) {
      throw new ConfigError("sweep.seeds", "needs at least one seed");
    }
    String base = ConfigFiles.besideOrAbove(r.nonBlank("sweep.base"), f, "sweep.base");
    String direction = r.string("sweep.direction");
    if (!direction.equals("lower") && !direction.equals("higher")) {
      throw new ConfigError("sweep.direction", "'" + direction + "' is not one of [lower, higher]");
    }
    Map<String, String> sparkConf = ConfigFiles.sparkConf(r);
    SweepSpec spec = new SweepSpec(r.nonBlank("sweep.name"), base,
        r.get("sweep.overrides", () -> r.c().getStringList("sweep.overrides")), search, arms, r.positive("sweep.trials"),
        seeds, r.wholeNumber("sweep.seed"), new SweepSpec.Metric(r.nonBlank("sweep.metric"),
            direction.equals("lower") ? ExpectedBest.Direction.LOWER_IS_BETTER
                : ExpectedBest.Direction.HIGHER_IS_BETTER),
        r.choice("sweep.placement", SweepSpec.Placement.class), r.nonBlank("sweep.output-dir"),
        r.nonBlank("spark.master"), sparkConf, reportSteps(r));
    for (SweepSpec.Arm arm : spec.arms()) {
      SweepTrial first = new SweepTrial(arm.name(), 0, seeds.get(0),
          spec.sample(0), arm.settings());
      try {
        ExperimentSchema.load(base, first.overrides(spec.overrides()));
      } catch (ConfigError e) {
        throw new ConfigError(e.key(), "in arm '" + arm.name() + "' of " + file + ": " + e.getMessage());
      }
    }
    return spec;
  }

  private static List<Long> reportSteps(ConfigReader r) {
    List<Long> steps = r.get("sweep.report-steps", () -> r.c().getLongList("sweep.report-steps"));
    for (long step : steps) {
      if (step < 1) {
        throw new ConfigError("sweep.report-steps", "steps are positive, got " + step);
      }
    }
    return steps;
  }

  private static SearchParameter searchParameter(ConfigReader r, String where) {
    for (String key : r.c().root().keySet()) {
      if (!Set.of("key", "distribution", "min", "max", "values").contains(key)) {
        throw new ConfigError(where + "." + key, "unknown; a search entry has key, distribution, min, max, values");
      }
    }
    String key = r.nonBlank("key");
    String distribution = r.string("distribution");
    try {
      return switch (distribution) {
        case "log-uniform" -> new SearchParameter.LogUniform(key, r.number("min"), r.number("max"));
        case "uniform" -> new SearchParameter.Uniform(key, r.number("min"), r.number("max"));
        case "choice" -> new SearchParameter.Choice(key,
            r.get("values", () -> r.c().getList("values").stream().map(v -> v.render(
                ConfigRenderOptions.concise())).toList()));
        default -> throw new ConfigError(where + ".distribution", "'" + distribution
            + "' is not one of [log-uniform, uniform, choice]");
      };
    } catch (ConfigError e) {
      throw new ConfigError(where + "." + e.key(), e.detail());
    } catch (IllegalArgumentException e) {
      throw new ConfigError(where, e.getMessage());
    }
  }

  private static SweepSpec.Arm arm(ConfigReader r, String where,
      List<SearchParameter> search) {
    for (String key : r.c().root().keySet()) {
      if (!Set.of("name", "set").contains(key)) {
        throw new ConfigError(where + "." + key, "unknown; an arm has name and set");
      }
    }
    Map<String, String> settings = new LinkedHashMap<>();
    if (r.c().hasPath("set")) {
      for (Map.Entry<String, ConfigValue> e : r.section("set").entrySet()) {
        String key = ConfigFiles.stripQuotes(e.getKey());
        if (search.stream().anyMatch(p -> p.key().equals(key))) {
          throw new ConfigError(where + ".set", key + " is also searched; an arm may not pin what the search varies");
        }
        settings.put(key, e.getValue().render(ConfigRenderOptions.concise()));
      }
    }
    return new SweepSpec.Arm(r.nonBlank("name"), settings);
  }
}
