package ai.equilibrium.spark;

import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.step.Player;
import ai.equilibrium.train.ShardComputation;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The executor side of one backend call: take the partition's cached data and pooled networks, refresh
 * parameters from the broadcasts, run the computation. A plain class rather than a lambda so that it
 * serializes the same way on every cluster manager.
 */
final class ShardTask<G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable, R extends Serializable>
    implements Function2<Integer, Iterator<S>, Iterator<R>> {
  private static final long serialVersionUID = 1L;

  private final String runKey;
  private final Broadcast<G> game;
  private final Map<Player, Broadcast<VersionedParameters>> parameters;
  private final ShardComputation<G, N, S, R> computation;

  ShardTask(String runKey, Broadcast<G> game, Map<Player, Broadcast<VersionedParameters>> parameters,
      ShardComputation<G, N, S, R> computation) {
    this.runKey = runKey;
    this.game = game;
    this.parameters = parameters;
    this.computation = computation;
  }

  @Override
  public Iterator<R> call(Integer partition, Iterator<S> shards) {
    bindGpu();
    S shard = shards.next();
    if (shards.hasNext()) { // also completes the iterator, which releases the cached block's read lock
      throw new IllegalStateException("partition " + partition + " holds more than one data shard");
    }
    G g = game.value();
    ExecutorNetworkCache.Entry<N> entry = ExecutorNetworkCache.borrow(runKey, g);
    try {
      parameters.forEach((player, broadcast) -> entry.load(player, broadcast.value()));
      return List.of(computation.compute(g, entry.networks, shard, partition)).iterator();
    } finally {
      ExecutorNetworkCache.release(runKey, entry);
    }
  }

  /** On GPU executors, binds this task's thread to the GPU Spark assigned it (no-op on CPU). */
  private static void bindGpu() {
    TaskContext context = TaskContext.get();
    if (context == null) {
      return;
    }
    ResourceInformation gpu = context.resources().get("gpu").getOrElse(() -> null);
    if (gpu != null && gpu.addresses().length > 0) {
      Nd4j.getAffinityManager().unsafeSetDevice(Integer.parseInt(gpu.addresses()[0]));
    }
  }
}
