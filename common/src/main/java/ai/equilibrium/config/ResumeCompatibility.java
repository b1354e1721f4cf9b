package ai.equilibrium.config;

import ai.equilibrium.optim.OptimizerSettings;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which keys a resumed run may change. Everything that shapes the trajectory (data, model, game, optimizers,
 * schedule, stabilizers, partitions, seed, guard) must stay as the run was started, or the resumed run would
 * silently be another experiment; the step budget, cadences, where the run lives and how Spark runs may change.
 * The step budget may not change when a schedule runs over the fraction of training done (DANN's λ, or its
 * learning-rate decay): the steps already taken were computed for the old budget.
 */
public final class ResumeCompatibility {
  /** Keys that may differ on --resume. */
  public static final Set<String> SAFE_TO_CHANGE = Set.of("run.steps", "run.log-every", "run.progress-every",
      "run.sample-every", "run.sample-count", "run.checkpoint-every", "run.keep-checkpoints", "run.output-dir",
      "run.name", "eval.every", "spark.master");
  private static final String FREE_SECTION = "spark.conf.";
  private static final String STEPS = "run.steps";

  private ResumeCompatibility() {}

  /**
   * @throws ConfigError naming the first key that differs and may not, and listing every such key
   */
  public static void check(ExperimentConfig running, ExperimentConfig requested, String runLocation) {
    List<String> changed = changedKeys(running, requested);
    if (!changed.isEmpty()) {
      Map<String, Object> before = flatten(running);
      Map<String, Object> after = flatten(requested);
      List<String> details = new ArrayList<>();
      for (String key : changed) {
        details.add(key + " " + before.get(key) + " -> " + after.get(key));
      }
      throw new ConfigError(changed.get(0), "differs from the run being resumed (" + runLocation + "/config.conf): "
          + String.join(", ", details) + ". A resumed run may change only " + new TreeSet<>(SAFE_TO_CHANGE)
          + " and spark.conf.*" + (changed.contains(STEPS) ? " (not run.steps here: DANN's λ or learning-rate decay "
          + "follows the fraction of training done, so the steps taken belong to the old budget)" : "")
          + "; start a new run (another run.name) to change the rest");
    }
  }

  /** The keys whose values differ and may not, sorted. */
  public static List<String> changedKeys(ExperimentConfig running, ExperimentConfig requested) {
    Map<String, Object> before = flatten(running);
    Map<String, Object> after = flatten(requested);
    Set<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    // DANN's λ and learning-rate decay follow the fraction of training done: there the budget shapes every step.
    boolean budgetShapesTrajectory = followsTheBudget(running) || followsTheBudget(requested);
    List<String> changed = new ArrayList<>();
    for (String key : keys) {
      boolean safe = SAFE_TO_CHANGE.contains(key) && !(key.equals(STEPS) && budgetShapesTrajectory);
      if (!safe && !key.startsWith(FREE_SECTION) && !Objects.equals(before.get(key), after.get(key))) {
        changed.add(key);
      }
    }
    return changed;
  }

  /** Whether a schedule of the run is a function of step / run.steps. */
  private static boolean followsTheBudget(ExperimentConfig config) {
    return GameSchemas.named(config.game().type()).dependsOnStepCount(config)
        || config.mainOptimizer().decay() == OptimizerSettings.Decay.DANN
        || config.adversaryOptimizer().decay() == OptimizerSettings.Decay.DANN;
  }

  private static Map<String, Object> flatten(ExperimentConfig config) {
    Map<String, Object> values = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : ConfigFactory.parseString(config.rendered()).entrySet()) {
      values.put(e.getKey(), e.getValue().unwrapped());
    }
    return values;
  }
}
