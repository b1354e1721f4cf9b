package ai.equilibrium.nightly;

import ai.equilibrium.sweep.ExpectedBest;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A nightly suite: configurations, each run at its seeds and judged by one metric.
 *
 * @param historyNights   how many earlier nights tonight is compared with
 * @param alpha           the one-sided Welch test's level
 * @param minRelativeEffect the smallest relative worsening of the mean that counts (TorchBench flags 7%)
 */
public record SuiteSpec(String name, String outputDir, int historyNights, double alpha, double minRelativeEffect,
    List<Entry> entries, String sparkMaster, Map<String, String> sparkConf) implements Serializable {
  private static final long serialVersionUID = 1L;

  public SuiteSpec {
    entries = List.copyOf(entries);
    sparkConf = Map.copyOf(sparkConf);
  }

  /** One configuration of the suite. */
  public record Entry(String name, String config, List<String> overrides, List<Long> seeds, String metric,
      ExpectedBest.Direction direction) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Entry {
      overrides = List.copyOf(overrides);
      seeds = List.copyOf(seeds);
    }
  }

  public String directory() {
    return outputDir + "/" + name;
  }
}
