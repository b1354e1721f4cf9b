package ai.equilibrium.jobs;

import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.experiment.TrainingRun;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.train.TrainingListener;
import java.io.Serializable;
import java.util.List;

/**
 * A driver JVM on the in-process backend, for tests that kill it: {@code key=value ...} trains a new run, each
 * step slowed by {@code equilibrium.test.step-delay-ms} so that a kill lands mid-run.
 */
public final class InProcessTraining {
  private InProcessTraining() {}

  public static void main(String[] args) {
    long delay = Long.getLong("equilibrium.test.step-delay-ms", 0);
    TrainingListener slow = (m, state) -> {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    train(TrainingRun.start(ExperimentSchema.load(null, List.of(args)), System.out), slow);
  }

  private static <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> void train(
      TrainingRun<G, N, S> run, TrainingListener slow) {
    try (var backend = run.experiment().localBackend()) {
      run.train(backend, backend, System.out, List.of(slow));
    }
  }
}
