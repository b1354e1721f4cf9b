package ai.equilibrium.spark.block;

import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.step.Player;
import ai.equilibrium.tensor.NumericVector;
import ai.equilibrium.tensor.ParameterSet;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One replica of the experiment on an executor: both players (parameters, optimizers, reparameterizations)
 * and the networks that compute with them, assembled from the run's configuration. Pooled per executor across
 * blocks; each block restores the players from the state the driver holds for its start.
 */
final class Replica<G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> {
  private final Experiment<G, N, S> experiment;
  private final N networks;
  private final Map<Player, Long> loaded = new EnumMap<>(Player.class);
  /** Each player's parameters as last rounded for the networks, written over at the next load. */
  private final Map<Player, NumericVector> snapshots = new EnumMap<>(Player.class);
  /** The digest of the state its players ended the last block in, or null while a block runs or failed. */
  private String heldState;

  private Replica(Experiment<G, N, S> experiment) {
    this.experiment = experiment;
    this.networks = experiment.game().buildNetworks();
  }

  /** The experiment that {@code config} (the run's resolved HOCON) describes. */
  static Replica<?, ?, ?> of(String config) {
    return new Replica<>(Experiment.assemble(ExperimentSchema.loadText(config, "the run's configuration", List.of())));
  }

  Experiment<G, N, S> experiment() {
    return experiment;
  }

  G game() {
    return experiment.game();
  }

  N networks() {
    return networks;
  }

  /** Whether its players hold the state of digest {@code digest}. */
  boolean holds(String digest) {
    return digest.equals(heldState);
  }

  /** The digest of the state its players now hold, or null when they are between states (a block is running). */
  void held(String digest) {
    heldState = digest;
  }

  /** Loads each player's parameters into the networks if their version changed. */
  void load(Map<Player, ParameterSet> parameters) {
    parameters.forEach((player, params) -> {
      if (!Long.valueOf(params.version()).equals(loaded.get(player))) {
        NumericVector snapshot = params.snapshot(snapshots.get(player));
        snapshots.put(player, snapshot);
        networks.setParameters(player, snapshot);
        loaded.put(player, params.version());
      }
    });
  }
}
