package ai.equilibrium.spark;

import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.step.Player;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Per-JVM pool of game networks, built once per run and reused across steps: a task borrows an instance
 * (networks are not thread-safe, so concurrent tasks get different ones) and returns it when done. Each
 * instance remembers which parameter versions it holds, so unchanged parameters are not copied again.
 */
final class ExecutorNetworkCache {
  private static final Map<String, ConcurrentLinkedDeque<Entry<?>>> POOLS = new ConcurrentHashMap<>();

  /** Networks with the parameter versions they currently hold. */
  static final class Entry<N extends GameNetworks> {
    final N networks;
    private final Map<Player, Long> versions = new EnumMap<>(Player.class);

    Entry(N networks) {
      this.networks = networks;
    }

    void load(Player player, VersionedParameters parameters) {
      Long held = versions.get(player);
      if (held == null || held != parameters.version()) {
        networks.setParameters(player, parameters.values());
        versions.put(player, parameters.version());
      }
    }
  }

  private ExecutorNetworkCache() {}

  @SuppressWarnings("unchecked")
  static <N extends GameNetworks> Entry<N> borrow(String runKey, AdversarialGame<N, ?> game) {
    if (!POOLS.containsKey(runKey)) {
      POOLS.keySet().removeIf(key -> !key.equals(runKey)); // a new run on this JVM: drop the old networks
    }
    Entry<?> entry = POOLS.computeIfAbsent(runKey, k -> new ConcurrentLinkedDeque<>()).pollFirst();
    return entry != null ? (Entry<N>) entry : new Entry<>(game.buildNetworks());
  }

  static void release(String runKey, Entry<?> entry) {
    ConcurrentLinkedDeque<Entry<?>> pool = POOLS.get(runKey);
    if (pool != null) {
      pool.addFirst(entry);
    }
  }

  static void evict(String runKey) {
    POOLS.remove(runKey);
  }
}
