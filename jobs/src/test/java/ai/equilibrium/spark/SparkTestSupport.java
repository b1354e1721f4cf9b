package ai.equilibrium.spark;

import ai.equilibrium.backend.GradientBackend;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.data.DataShard;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.gan.GanAssembly;
import ai.equilibrium.gan.GanGame;
import ai.equilibrium.gan.GanNetworks;
import ai.equilibrium.step.Player;
import ai.equilibrium.train.StepMetrics;
import ai.equilibrium.train.TrainingListener;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;

/** Runs one experiment with a given backend and keeps what a parity check compares. */
final class SparkTestSupport {
  private SparkTestSupport() {}

  /** A small ring-of-8 experiment that trains in well under a second per step. */
  static ExperimentConfig ringConfig(String... overrides) {
    List<String> all = new ArrayList<>(List.of("data.source=gaussian-ring", "data.mixture-samples=2000",
        "model.latent-dim=8", "model.generator-hidden=[32,32]", "model.adversary-hidden=[32,32]",
        "train.batch-size=32", "train.partitions=2", "run.steps=12", "run.seed=7",
        "optimizer.main.lr=1e-3", "optimizer.adversary.lr=1e-3",
        "spark.backend=per-step")); // the per-step backend's tests; the block backend's name it
    all.addAll(List.of(overrides));
    return ExperimentSchema.load(null, all);
  }

  /** The outcome of a run: final parameters of both players and every step's metrics. */
  record Outcome(double[] main, double[] adversary, List<StepMetrics> metrics) {}

  interface BackendFactory {
    GradientBackend create(Experiment<GanGame, GanNetworks, DataShard> training);
  }

  static Outcome train(ExperimentConfig config, BackendFactory backends) {
    return train(config, backends, List.of());
  }

  /** As {@link #train(ExperimentConfig, BackendFactory)}, with listeners that run after the recording one. */
  static Outcome train(ExperimentConfig config, BackendFactory backends, List<TrainingListener> extraListeners) {
    Experiment<GanGame, GanNetworks, DataShard> training = GanAssembly.experiment(config);
    return run(training, backends.create(training), extraListeners);
  }

  static Outcome trainLocally(ExperimentConfig config) {
    return train(config, t -> t.localBackend());
  }

  /** The experiment of {@code config}, whatever its game, on the in-process backend. */
  static Outcome trainInProcess(ExperimentConfig config) {
    return inProcess(Experiment.assemble(config));
  }

  /** The experiment of {@code config}, whatever its game, on Spark with the backend and reduction it names. */
  static Outcome trainOnSpark(ExperimentConfig config, JavaSparkContext sc) {
    return onSpark(Experiment.assemble(config), sc);
  }

  private static <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> Outcome inProcess(
      Experiment<G, N, S> training) {
    return run(training, training.localBackend(), List.of());
  }

  private static <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> Outcome onSpark(
      Experiment<G, N, S> training, JavaSparkContext sc) {
    return run(training, SparkBackends.of(sc, training), List.of());
  }

  /** Trains {@code training} on {@code created} (closed after), recording every step. */
  static Outcome run(Experiment<?, ?, ?> training, GradientBackend created, List<TrainingListener> extra) {
    List<StepMetrics> metrics = new ArrayList<>();
    List<TrainingListener> listeners = new ArrayList<>();
    listeners.add((m, state) -> metrics.add(m));
    listeners.addAll(extra);
    try (GradientBackend backend = created) {
      training.loop(backend, listeners).run(0, training.config().run().steps());
    }
    return new Outcome(training.player(Player.MAIN).parameters().values().clone(),
        training.player(Player.ADVERSARY).parameters().values().clone(), metrics);
  }

  /** The same final parameters of both players and the same losses and diagnostics at every step, bit for bit. */
  static void assertBitwiseEqual(Outcome expected, Outcome actual, String what) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected.main(), actual.main(), 0.0, what + ": main player");
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected.adversary(), actual.adversary(), 0.0,
        what + ": adversary");
    org.junit.jupiter.api.Assertions.assertEquals(expected.metrics().size(), actual.metrics().size(), what);
    for (int i = 0; i < expected.metrics().size(); i++) {
      StepMetrics e = expected.metrics().get(i);
      StepMetrics a = actual.metrics().get(i);
      org.junit.jupiter.api.Assertions.assertEquals(
          List.of(e.adversaryLoss(), e.mainLoss(), e.smoothedAdversaryLoss(), e.lrMultiplier(), e.diagnostics()),
          List.of(a.adversaryLoss(), a.mainLoss(), a.smoothedAdversaryLoss(), a.lrMultiplier(), a.diagnostics()),
          what + ": step " + e.step());
    }
  }

  static double maxAbsDifference(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
