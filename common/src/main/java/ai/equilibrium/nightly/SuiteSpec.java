package ai.equilibrium.nightly;

import ai.equilibrium.sweep.ExpectedBest;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A nightly suite: configurations, each run at its seeds and judged by one metric.
 *
 * @param historyNights   how many earlier nights tonight is compared with
 * @param alpha           a night's one-sided false-alarm rate per entry, over all its looks
 * @param minRelativeEffect the smallest relative worsening of the mean that counts (TorchBench flags 7%)
 */
public record SuiteSpec(String name, String outputDir, int historyNights, double alpha, double minRelativeEffect,
    List<Entry> entries, String sparkMaster, Map<String, String> sparkConf) implements Serializable {
  private static final long serialVersionUID = 1L;

  public SuiteSpec {
    entries = List.copyOf(entries);
    sparkConf = Map.copyOf(sparkConf);
  }

  /**
   * One configuration of the suite.
   *
   * @param seeds      fresh seeds a night draws ({@link NightlySeeds}) for its first look
   * @param extraSeeds more fresh seeds for a second look when the first is inconclusive (0: one look)
   * @param canarySeed the seed run every night, whose score must repeat at an unchanged revision
   */
  public record Entry(String name, String config, List<String> overrides, int seeds, int extraSeeds, long canarySeed,
      String metric, ExpectedBest.Direction direction) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Entry {
      overrides = List.copyOf(overrides);
    }

    /** How many times a night tests this entry. */
    public int looks() {
      return extraSeeds > 0 ? 2 : 1;
    }
  }

  public String directory() {
    return outputDir + "/" + name;
  }
}
