package ai.equilibrium.backend;

import ai.equilibrium.data.DataSource;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.step.Player;
import ai.equilibrium.tensor.NumericVector;
import ai.equilibrium.tensor.ParameterSet;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The in-process reference backend: the same partitions and micro-batches as the Spark backend, computed
 * one after another in this JVM and merged in the same fixed order ({@link PartitionOrder}), so both backends
 * give the same bits.
 */
public final class LocalBackend<G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable>
    implements ShardExecutor<G, N, S> {
  private final G game;
  private final List<S> shards;
  private final N networks;
  private final Map<Player, Long> loadedVersions = new EnumMap<>(Player.class);
  /** Each player's last loaded values in the networks' precision, overwritten by the next load. */
  private final Map<Player, NumericVector> loaded = new EnumMap<>(Player.class);

  public LocalBackend(G game, DataSource<S> source) {
    this.game = game;
    int partitions = game.plan().partitions();
    this.shards = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      shards.add(source.loadShard(p, partitions));
    }
    this.networks = game.buildNetworks();
  }

  @Override
  public <R extends Serializable> R run(ShardComputation<G, N, S, R> computation, Map<Player, ParameterSet> parameters) {
    parameters.forEach((player, params) -> {
      if (!Long.valueOf(params.version()).equals(loadedVersions.get(player))) {
        NumericVector values = params.snapshot(loaded.get(player));
        loaded.put(player, values);
        networks.setParameters(player, values);
        loadedVersions.put(player, params.version());
      }
    });
    List<R> results = new ArrayList<>(shards.size());
    for (int p = 0; p < shards.size(); p++) {
      results.add(computation.compute(game, networks, shards.get(p), p));
    }
    return PartitionOrder.merge(results, computation::merge);
  }

  @Override
  public void close() {
    // nothing pooled
  }
}
