package ai.equilibrium.spark;

import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.step.Player;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;

/**
 * Per-JVM pool of networks, built once per run (or prediction job) and reused across its tasks: a task borrows an
 * instance (networks are not thread-safe, so concurrent tasks get different ones) and returns it when done. A
 * game's instances remember which parameter versions they hold, so unchanged parameters are not copied again.
 */
public final class ExecutorNetworkCache {
  private static final Map<String, ConcurrentLinkedDeque<Object>> POOLS = new ConcurrentHashMap<>();

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

  static <N extends GameNetworks> Entry<N> borrow(String runKey, AdversarialGame<N, ?> game) {
    return borrow(runKey, () -> new Entry<>(game.buildNetworks()));
  }

  /** A pooled instance of the run's, or a new one from {@code build}; the caller releases it. */
  @SuppressWarnings("unchecked")
  public static <T> T borrow(String runKey, Supplier<T> build) {
    if (!POOLS.containsKey(runKey)) { // a new run on this JVM: drop the old runs' networks
      POOLS.keySet().removeIf(key -> !run(key).equals(run(runKey)));
    }
    Object pooled = POOLS.computeIfAbsent(runKey, k -> new ConcurrentLinkedDeque<>()).pollFirst();
    return pooled != null ? (T) pooled : build.get();
  }

  public static void release(String runKey, Object instance) {
    ConcurrentLinkedDeque<Object> pool = POOLS.get(runKey);
    if (pool != null) {
      pool.addFirst(instance);
    }
  }

  /** Drops every pool of the run (its own, and those of its kinds such as "run/replica"). */
  public static void evict(String runKey) {
    POOLS.keySet().removeIf(key -> run(key).equals(run(runKey)));
  }

  /** A pool's run: a key is the run's, or the run's followed by "/" and a kind of pooled instance. */
  private static String run(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? key : key.substring(0, slash);
  }
}
