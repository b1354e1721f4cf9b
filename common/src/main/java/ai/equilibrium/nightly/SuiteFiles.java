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
        SuiteSpec.Entry entry = new SuiteSpec.Entry(e.nonBlank("name"),
            ConfigFiles.besideOrAbove(e.nonBlank("config"), f, "config"), entryOverrides, seeds, e.nonBlank("metric"), direction.equals("lower")
                ? ExpectedBest.Direction.LOWER_IS_BETTER
                : ExpectedBest.Direction.HIGHER_IS_BETTER);
        if (!names.add(entry.name())) {
          throw new ConfigError("name", "'" + entry.name() + "' names two entries");
        }
        ExperimentSchema.load(entry.config(), entryOverrides);
        entries.add(entry);
      } catch (ConfigError err) {
        throw new ConfigError(where + "." + err.key(), err.getMessage());
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
