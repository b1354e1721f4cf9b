package ai.equilibrium.sweep;

import ai.equilibrium.data.DeterministicSeeds;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A random-search study: arms that differ in some keys, the same sampled points in every arm (trial i of each
 * arm gets the same values, so arms are compared on paired draws), each point run at each seed.
 *
 * @param base      the experiment file every trial starts from
 * @param overrides key=value pairs for every trial (a shorter run.steps, say)
 * @param seed      the random search's own seed: the sampled values depend only on it and the trial's index
 * @param sparkMaster used when the job is not launched by spark-submit
 * @param reportSteps steps at whose evaluations each trial's metric is recorded too, besides the last and best
 */
public record SweepSpec(String name, String base, List<String> overrides, List<SearchParameter> search, List<Arm> arms,
    int trials, List<Long> seeds, long seed, Metric metric, Placement placement, String outputDir, String sparkMaster,
    Map<String, String> sparkConf, List<Long> reportSteps) implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long SEARCH_STREAM = 0x5357454550L;

  public SweepSpec {
    overrides = List.copyOf(overrides);
    search = List.copyOf(search);
    arms = List.copyOf(arms);
    seeds = List.copyOf(seeds);
    sparkConf = Map.copyOf(sparkConf);
    reportSteps = List.copyOf(new java.util.TreeSet<>(reportSteps));
  }

  /** Without report steps. */
  public SweepSpec(String name, String base, List<String> overrides, List<SearchParameter> search, List<Arm> arms,
      int trials, List<Long> seeds, long seed, Metric metric, Placement placement, String outputDir, String sparkMaster,
      Map<String, String> sparkConf) {
    this(name, base, overrides, search, arms, trials, seeds, seed, metric, placement, outputDir, sparkMaster, sparkConf,
        List.of());
  }

  /** The sweep's directory: trials/, results/, the tables and the report. */
  public String directory() {
    return outputDir + "/" + name;
  }

  /** An arm: a name and the keys it sets, as HOCON text. */
  public record Arm(String name, Map<String, String> settings) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Arm {
      settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }
  }

  /**
   * The score a trial is judged by: a field of its eval.jsonl rows (fid, kid, precision, recall, modes_covered,
   * high_quality_fraction, target_accuracy, ...), and which way is better.
   */
  public record Metric(String field, ExpectedBest.Direction direction) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Where trials run: each as one Spark task training in-process (small models, many at once), or one after
   * another, each distributed over the cluster (large models); auto picks by the data.
   */
  public enum Placement { AUTO, TASKS, RUNS }

  /**
   * Every trial of the study, point by point, then arm by arm, then seed by seed: runs one after another reach
   * each point in every arm before the next, so a sweep stopped part way still compares its arms on the same
   * points.
   */
  public List<SweepTrial> plan() {
    List<SweepTrial> out = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      Map<String, String> sampled = sample(i);
      for (Arm arm : arms) {
        for (long s : seeds) {
          out.add(new SweepTrial(arm.name(), i, s, sampled, arm.settings()));
        }
      }
    }
    return out;
  }

  /** Point i of the search: the same in every arm. */
  public Map<String, String> sample(int trial) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int j = 0; j < search.size(); j++) {
      SplittableRandom random = new SplittableRandom(DeterministicSeeds.mix(seed, SEARCH_STREAM, trial, j));
      values.put(search.get(j).key(), search.get(j).sample(random));
    }
    return values;
  }
}
