package ai.equilibrium.nightly;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ConfigFiles;
import ai.equilibrium.config.ConfigReader;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.sweep.ExpectedBest;
import com.typesafe.config.Config;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses a nightly suite file once into a {@link SuiteSpec}: {@code suite-defaults.conf},
 * the file, command-line overrides; entries are checked one by one and their experiments loaded.
 */
public final class SuiteFiles {
  private SuiteFiles() {}

  private static final String SUITE_DEFAULTS_RESOURCE = "suite-defaults.conf";
  private static final List<String> ENTRY_KEYS = List.of("name", "config", "overrides", "seeds", "extra-seeds",
      "canary-seed", "metric", "direction");

  /**
   * A nightly suite file: {@code suite-defaults.conf} overridden by the file and by {@code key=value} pairs; each
   * entry's experiment is loaded now, so that a misspelt key fails before the night's first run.
   */
  public static SuiteSpec load(String file, List<String> overrides) {
    File f = new File(file);
    ConfigReader r = ConfigFiles.readFile(file, "suite file", overrides, SUITE_DEFAULTS_RESOURCE);
    List<SuiteSpec.Entry> entries = new ArrayList<>();
    List<? extends Config> list = r.get("suite.entries", () -> r.c().getConfigList("suite.entries"));
    Set<String> names = new TreeSet<>();
    for (int i = 0; i < list.size(); i++) {
      String where = "suite.entries[" + i + "]";
      ConfigReader e = new ConfigReader(list.get(i));
      for (String key : list.get(i).root().keySet()) {
        if (!ENTRY_KEYS.contains(key)) {
          throw new ConfigError(where + "." + key, "unknown; an entry has " + String.join(", ", ENTRY_KEYS));
        }
      }
      try {
        String direction = e.string("direction");
        if (!direction.equals("lower") && !direction.equals("higher")) {
          throw new ConfigError("direction", "'" + direction + "' is not one of [lower, higher]");
        }
        List<String> entryOverrides = list.get(i).hasPath("overrides")
            ? e.get("overrides", () -> e.c().getStringList("overrides")) : List.of();
        if (list.get(i).hasPath("seeds")
            && list.get(i).getValue("seeds").valueType() == com.typesafe.config.ConfigValueType.LIST) {
          throw new ConfigError("seeds", "is the number of fresh seeds a night draws, not a list: the same seeds "
              + "every night repeat the same scores and add nothing to the band (canary-seed keeps one fixed seed)");
        }
        // at least two, for the spread the test of tonight's mean needs
        int seeds = e.atLeast("seeds", 2);
        int extraSeeds = list.get(i).hasPath("extra-seeds") ? e.atLeast("extra-seeds", 0) : 0;
        long canary = list.get(i).hasPath("canary-seed") ? e.get("canary-seed", () -> e.c().getLong("canary-seed"))
            : 1;
        if (canary < 0 || canary >= NightlySeeds.FIRST_FRESH) {
          throw new ConfigError("canary-seed", "must be in [0, " + NightlySeeds.FIRST_FRESH + "), below the fresh "
              + "seeds, got " + canary);
        }
        SuiteSpec.Entry entry = new SuiteSpec.Entry(e.nonBlank("name"),
            ConfigFiles.besideOrAbove(e.nonBlank("config"), f, "config"), entryOverrides, seeds, extraSeeds, canary,
            e.nonBlank("metric"), direction.equals("lower") ? ExpectedBest.Direction.LOWER_IS_BETTER
                : ExpectedBest.Direction.HIGHER_IS_BETTER);
        if (!names.add(entry.name())) {
          throw new ConfigError("name", "'" + entry.name() + "' names two entries");
        }
        ExperimentSchema.load(entry.config(), entryOverrides);
        entries.add(entry);
      } catch (ConfigError err) {
        throw new ConfigError(where + "." + err.key(), err.detail());
      }
    }
    if (entries.isEmpty()) {
      throw new ConfigError("suite.entries", "a suite needs at least one entry");
    }
    Map<String, String> sparkConf = ConfigFiles.sparkConf(r);
    return new SuiteSpec(r.nonBlank("suite.name"), r.nonBlank("suite.output-dir"),
        r.positive("suite.history-nights"), r.probability("suite.alpha"), r.nonNegative("suite.min-relative-effect"),
        entries, r.nonBlank("spark.master"), sparkConf);
  }
}
