package ai.equilibrium.spark;

import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.step.Player;
import java.io.Serializable;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction2;

/**
 * The executor side of one backend call: take the partition's cached data and pooled networks, refresh
 * parameters from the broadcasts, run the computation. A plain class rather than a lambda so that it
 * serializes the same way on every cluster manager, and a Scala function given straight to
 * SparkContext.runJob: Spark's closure cleaner passes over it instead of reading the class files of the
 * closures that JavaRDD.mapPartitionsWithIndex and collect would wrap around it, on every job.
 */
final class ShardTask<G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable, R extends Serializable>
    extends AbstractFunction2<TaskContext, Iterator<S>, R> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String runKey;
  private final Broadcast<G> game;
  private final Map<Player, Broadcast<VersionedParameters>> parameters;
  private final ShippedComputation<G, N, S, R> computation;
  private final DeviceBinding devices;

  ShardTask(String runKey, Broadcast<G> game, Map<Player, Broadcast<VersionedParameters>> parameters,
      ShippedComputation<G, N, S, R> computation, DeviceBinding devices) {
    this.runKey = runKey;
    this.game = game;
    this.parameters = parameters;
    this.computation = computation;
    this.devices = devices;
  }

  @Override
  public R apply(TaskContext context, Iterator<S> shards) {
    int partition = context.partitionId();
    DeviceBinding.bindTask(context, devices);
    S shard = shards.next();
    if (shards.hasNext()) { // also completes the iterator, which releases the cached block's read lock
      throw new IllegalStateException("partition " + partition + " holds more than one data shard");
    }
    return ResidentCapExceeded.reported(() -> {
      G g = game.value();
      ExecutorNetworkCache.Entry<N> entry = ExecutorNetworkCache.borrow(runKey, g);
      try {
        parameters.forEach((player, broadcast) -> entry.load(player, broadcast.value()));
        return computation.get().compute(g, entry.networks, shard, partition);
      } finally {
        ExecutorNetworkCache.release(runKey, entry);
      }
    });
  }
}
