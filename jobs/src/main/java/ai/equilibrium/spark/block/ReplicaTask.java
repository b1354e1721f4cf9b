package ai.equilibrium.spark.block;

import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.spark.DeviceBinding;
import ai.equilibrium.spark.ExecutorNetworkCache;
import ai.equilibrium.spark.ResidentCapExceeded;
import ai.equilibrium.step.Player;
import ai.equilibrium.storage.Digests;
import ai.equilibrium.train.BlockRunner;
import ai.equilibrium.train.Divergence;
import ai.equilibrium.train.LoopCheckpoint;
import ai.equilibrium.train.PlayerCheckpoint;
import ai.equilibrium.train.StepMetrics;
import ai.equilibrium.train.TrainingLoop;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction1;

/**
 * One replica's part of a block, run as a task of a barrier stage (so all replicas run at once, and a failed one
 * fails them all): learn where the other replicas' blocks live, restore the players to the block's start, run
 * the block's steps with a {@link ReplicaBackend}, and return a digest of the end state (partition 0 also the
 * metrics and the state itself).
 */
final class ReplicaTask<S extends Serializable> extends AbstractFunction1<Iterator<S>, Iterator<ReplicaOutcome>>
    implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String runKey;
  private final String endpoint;
  private final Broadcast<BlockPlan> plan;
  /** The start state, read only by a replica that does not hold it already. */
  private final Broadcast<LoopCheckpoint> start;
  private final DeviceBinding devices;

  ReplicaTask(String runKey, String endpoint, Broadcast<BlockPlan> plan, Broadcast<LoopCheckpoint> start,
      DeviceBinding devices) {
    this.runKey = runKey;
    this.endpoint = endpoint;
    this.plan = plan;
    this.start = start;
    this.devices = devices;
  }

  @Override
  public Iterator<ReplicaOutcome> apply(Iterator<S> shards) {
    BarrierTaskContext context = BarrierTaskContext.get();
    S shard = shards.next();
    if (shards.hasNext()) {
      throw new IllegalStateException("partition " + context.partitionId() + " holds more than one data shard");
    }
    DeviceBinding.bindTask(context, devices);
    BlockPlan block = plan.value();
    CoordinatorLink coordinator = new CoordinatorLink(endpoint, block.block(), block.attempt(), context);
    List<SliceExchange.Peer> peers = Arrays.stream(coordinator.gather("peers",
        SliceExchange.localAddress().getBytes(StandardCharsets.UTF_8)))
        .map(address -> SliceExchange.Peer.parse(new String(address, StandardCharsets.UTF_8))).toList();
    SliceExchange exchange = new SliceExchange("equilibrium-" + runKey + "-" + block.block() + "-"
        + block.attempt() + "-", peers, context.partitionId());
    ReplicaOutcome outcome = ResidentCapExceeded.reported(() -> {
      String pool = runKey + "/replica";
      Replica<?, ?, ?> replica = ExecutorNetworkCache.borrow(pool, () -> Replica.of(block.config()));
      try {
        return run(cast(replica), shard, block, start, exchange, coordinator, context);
      } finally {
        ExecutorNetworkCache.release(pool, replica);
      }
    });
    coordinator.gather("end", new byte[0]); // every replica has read every block
    exchange.removeAll();
    return JavaConverters.asScalaIterator(List.of(outcome).iterator());
  }

  @SuppressWarnings("unchecked")
  private static <G extends AdversarialGame<N, T>, N extends GameNetworks, T extends Serializable> Replica<G, N, T> cast(
      Replica<?, ?, ?> replica) {
    return (Replica<G, N, T>) replica;
  }

  @SuppressWarnings("unchecked")
  private static <G extends AdversarialGame<N, T>, N extends GameNetworks, T extends Serializable> ReplicaOutcome run(
      Replica<G, N, T> replica, Object shard, BlockPlan block, Broadcast<LoopCheckpoint> start, SliceExchange exchange,
      CoordinatorLink coordinator, BarrierTaskContext context) {
    ReplicaBackend<G, N, T> backend = new ReplicaBackend<>(replica, (T) shard, exchange, coordinator, context);
    TrainingLoop loop = replica.experiment().replicaLoop(backend, new DriverSchedule(backend::lastDecision));
    boolean readStart = !replica.holds(block.startDigest()); // else it ended the previous block in this state
    if (readStart) {
      loop.restore(start.value());
    } else {
      loop.restoreAllButPlayers(block.loop());
    }
    replica.held(null);
    List<StepMetrics> steps = new ArrayList<>();
    long begun = System.nanoTime();
    Optional<Divergence> divergence = loop.runBlock(block.loop().step(), block.until(), block.totalSteps(), steps::add);
    long[] nanos = Arrays.copyOf(backend.nanos(), BlockTraffic.PARTS.size() + 1);
    nanos[nanos.length - 1] = System.nanoTime() - begun;
    LoopCheckpoint end = loop.checkpoint();
    String digest = digest(end);
    replica.held(digest);
    boolean reporter = context.partitionId() == 0;
    return new ReplicaOutcome(context.partitionId(), digest,
        reporter ? new BlockRunner.Block(steps, end, divergence) : null, exchange.bytesIn(), exchange.bytesOut(),
        coordinator.bytesSent(), nanos, readStart);
  }

  /** SHA-256 of everything of the state that replicas compute: both players and the guard. */
  static String digest(LoopCheckpoint state) {
    MessageDigest sha = Digests.sha256();
    for (Player player : Player.values()) {
      PlayerCheckpoint p = state.player(player);
      update(sha, p.parameters());
      update(sha, p.optimizerState());
      update(sha, p.reparameterizationState());
    }
    update(sha, state.guard());
    update(sha, new double[] {state.step()});
    return Digests.hex(sha.digest());
  }

  /** The length and the values' bits, through a small buffer (a player's arrays run to hundreds of MB). */
  private static void update(MessageDigest sha, double[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    bytes.putInt(values.length);
    for (double v : values) {
      if (bytes.remaining() < Double.BYTES) {
        sha.update(bytes.array(), 0, bytes.position());
        bytes.clear();
      }
      bytes.putDouble(v);
    }
    sha.update(bytes.array(), 0, bytes.position());
  }
}
