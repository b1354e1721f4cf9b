package ai.equilibrium.spark;

import ai.equilibrium.backend.ShardExecutor;
import ai.equilibrium.config.Settings;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.spark.block.SparkBlockBackend;
import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;

/** The Spark backend an experiment's {@code spark.backend} names. */
public final class SparkBackends {
  private SparkBackends() {}

  /** The per-step backend (with the experiment's {@code spark.reduction}) or the block backend. */
  public static <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> ShardExecutor<G, N, S>
      of(JavaSparkContext sc, Experiment<G, N, S> experiment) {
    return experiment.config().spark().backend() == Settings.BackendKind.BLOCK
        ? new SparkBlockBackend<>(sc, experiment)
        : new SparkGradientBackend<>(sc, experiment.game(), experiment.source(), experiment.config().spark().reduction());
  }
}
