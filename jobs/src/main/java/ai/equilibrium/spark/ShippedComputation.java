package ai.equilibrium.spark;

import ai.equilibrium.backend.ShardComputation;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * A shard computation on its way to the executors: inside each task when small (a step's request, a few hundred
 * bytes), as a broadcast when large (an evaluation's feature extractor, megabytes), which each executor fetches
 * once instead of every task carrying it.
 */
final class ShippedComputation<G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable,
    R extends Serializable> implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Above this a computation is broadcast (Spark warns of task binaries above 1 MiB). */
  static final int INLINE_BYTES = 64 * 1024;

  private final ShardComputation<G, N, S, R> inline;
  private final Broadcast<ShardComputation<G, N, S, R>> broadcast;

  private ShippedComputation(ShardComputation<G, N, S, R> inline, Broadcast<ShardComputation<G, N, S, R>> broadcast) {
    this.inline = inline;
    this.broadcast = broadcast;
  }

  static <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable, R extends Serializable>
      ShippedComputation<G, N, S, R> of(JavaSparkContext sc, ShardComputation<G, N, S, R> computation) {
    return serializedSize(computation) > INLINE_BYTES ? new ShippedComputation<>(null, sc.broadcast(computation))
        : new ShippedComputation<>(computation, null);
  }

  /** The computation, on the executor. */
  ShardComputation<G, N, S, R> get() {
    return inline != null ? inline : broadcast.value();
  }

  /** The broadcast to destroy once the job is done, if it went as one. */
  Optional<Broadcast<?>> broadcast() {
    return Optional.ofNullable(broadcast);
  }

  private static int serializedSize(Serializable value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize " + value.getClass().getName() + ": " + e.getMessage(), e);
    }
    return bytes.size();
  }
}
