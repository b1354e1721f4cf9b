package ai.equilibrium.bilinear;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.backend.GradientBackend;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.step.Player;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * conf/bilinear.conf through the one training loop, 10 seeds (each a new A and a new starting point): simultaneous
 * SGDA moves away from the equilibrium on every seed, optimism approaches it on every seed. Linear dynamics:
 * rounding moves neither outcome.
 */
class BilinearConvergenceTest {
  private static final int SEEDS = 10;

  @Test
  void sgdaSpiralsOutAndOptimismConvergesOnEverySeed() {
    for (int seed = 1; seed <= SEEDS; seed++) {
      assertTrue(relativeDistance("sgd", seed) > 100, "SGDA, seed " + seed);
      assertTrue(relativeDistance("optimistic", seed) < 0.05, "optimism, seed " + seed);
    }
  }

  /** The distance to the equilibrium after run.steps over the distance at the start. */
  static double relativeDistance(String optimizer, long seed) {
    List<String> overrides = new ArrayList<>(List.of("run.seed=" + seed, "optimizer.main.type=" + optimizer,
        "optimizer.adversary.type=" + optimizer));
    Experiment<?, ?, ?> experiment = Experiment.assemble(ExperimentSchema.load(Path.of(System.getProperty(
        "equilibrium.repo.root", ".."), "conf/bilinear.conf").toString(), overrides));
    BilinearProblem problem = ((BilinearGame) experiment.game()).problem();
    double start = distance(experiment, problem);
    try (GradientBackend backend = experiment.localBackend()) {
      experiment.loop(backend, List.of()).run(0, experiment.config().run().steps());
    }
    return distance(experiment, problem) / start;
  }

  private static double distance(Experiment<?, ?, ?> experiment, BilinearProblem problem) {
    return problem.distanceToEquilibrium(experiment.player(Player.MAIN).networkParameters().values(),
        experiment.player(Player.ADVERSARY).networkParameters().values());
  }
}
