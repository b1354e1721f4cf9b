package ai.equilibrium.spark.block;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.network.buffer.ManagedBuffer;
import org.apache.spark.network.shuffle.BlockFetchingListener;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockManager;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.storage.TestBlockId;
import org.apache.spark.util.io.ChunkedByteBuffer;
import scala.reflect.ClassTag$;

/**
 * Moves a replica's byte slices to the replicas that need them through Spark's block manager: a slice is put
 * into this executor's block store, and a peer fetches it with the block transfer service from the executor
 * that holds it (or reads its own store when both share a JVM). Nothing passes through the driver.
 *
 * <p>The blocks are {@link TestBlockId}s, the one block kind with a free name that none of Spark's cleaners
 * removes; their names carry the run, block, attempt, step and phase, so a retried block never reads a slice
 * of an earlier attempt. Each replica removes the blocks it put once every peer has read them.
 */
final class SliceExchange {
  private final BlockManager blocks = SparkEnv.get().blockManager();
  private final String prefix;
  private final List<Peer> peers;
  private final int self;
  /** Blocks this replica put in the current phase, and in earlier ones (still to remove). */
  private final List<BlockId> current = new ArrayList<>();
  private final List<BlockId> earlier = new ArrayList<>();
  private long bytesIn;
  private long bytesOut;

  /** Where a replica's blocks live: its executor's block manager. */
  record Peer(String host, int port, String executor) {
    static Peer parse(String text) {
      String[] parts = text.split(" ", 3);
      return new Peer(parts[0], Integer.parseInt(parts[1]), parts[2]);
    }

    String text() {
      return host + " " + port + " " + executor;
    }
  }

  /** This executor's address, as peers will parse it. */
  static String localAddress() {
    var id = SparkEnv.get().blockManager().blockManagerId();
    return new Peer(id.host(), id.port(), id.executorId()).text();
  }

  /**
   * @param prefix unique to the run, block and attempt
   * @param peers  every replica's executor, by partition
   * @param self   this replica's partition
   */
  SliceExchange(String prefix, List<Peer> peers, int self) {
    this.prefix = prefix;
    this.peers = peers;
    this.self = self;
  }

  /** Puts a slice under {@code name}, for peers to fetch. */
  void put(String name, ByteBuffer bytes) {
    BlockId id = TestBlockId.apply(prefix + name);
    bytes.rewind();
    bytesOut += bytes.remaining();
    if (!blocks.putBytes(id, new ChunkedByteBuffer(bytes), StorageLevel.MEMORY_ONLY_SER(), false,
        ClassTag$.MODULE$.Any())) {
      throw new IllegalStateException("the block store of executor " + peers.get(self).executor() + " refused a "
          + bytes.remaining() + "-byte gradient slice: raise spark.executor.memory or lower spark.memory.storageFraction");
    }
    current.add(id);
  }

  /** Reads one fetched slice; its bytes are valid only during the call. */
  @FunctionalInterface
  interface SliceReader {
    void read(int owner, ByteBuffer bytes);
  }

  /**
   * Hands {@code reader} the slice that each owner put ({@code names[owner]}, null for owners not read) and returns
   * once every one was read. Slices are read where they arrive, without a copy: a remote one on the transfer
   * service's thread (one owner's slice at a time, so each owner's reads touch only its own state), a local one
   * straight from this executor's store. Remote slices are fetched at once from every executor that holds some;
   * while waiting the task checks whether Spark killed it.
   */
  void fetch(String[] names, TaskContext context, SliceReader reader) {
    Map<String, CompletableFuture<Integer>> pending = new HashMap<>();
    Map<String, Integer> owners = new HashMap<>();
    Map<String, List<String>> remoteByExecutor = new LinkedHashMap<>();
    String here = peers.get(self).executor();
    for (int owner = 0; owner < names.length; owner++) {
      if (names[owner] != null && !peers.get(owner).executor().equals(here)) {
        String id = TestBlockId.apply(prefix + names[owner]).name();
        pending.put(id, new CompletableFuture<>());
        owners.put(id, owner);
        remoteByExecutor.computeIfAbsent(peers.get(owner).executor(), e -> new ArrayList<>()).add(id);
      }
    }
    // one request per executor for all its slices, all executors at once, before the local reads
    remoteByExecutor.forEach((executor, ids) -> {
      Peer peer = peers.stream().filter(p -> p.executor().equals(executor)).findFirst().orElseThrow();
      blocks.blockTransferService().fetchBlocks(peer.host(), peer.port(), executor, ids.toArray(String[]::new),
          new BlockFetchingListener() {
            @Override
            public void onBlockFetchSuccess(String block, ManagedBuffer data) {
              try { // the transfer service releases the buffer after this call
                ByteBuffer bytes = data.nioByteBuffer();
                int size = bytes.remaining();
                reader.read(owners.get(block), bytes);
                pending.get(block).complete(size);
              } catch (IOException | RuntimeException e) {
                pending.get(block).completeExceptionally(e);
              }
            }

            @Override
            public void onBlockFetchFailure(String block, Throwable failure) {
              pending.get(block).completeExceptionally(failure);
            }
          }, null);
    });
    for (int owner = 0; owner < names.length; owner++) {
      if (names[owner] != null && peers.get(owner).executor().equals(here)) {
        BlockId id = TestBlockId.apply(prefix + names[owner]);
        ManagedBuffer local = blocks.getLocalBlockData(id);
        try {
          reader.read(owner, local.nioByteBuffer());
        } catch (IOException e) {
          throw new UncheckedIOException("reading gradient slice " + id.name(), e);
        } finally {
          local.release();
        }
      }
    }
    for (int owner = 0; owner < names.length; owner++) {
      if (names[owner] != null && !peers.get(owner).executor().equals(here)) {
        bytesIn += await(pending.get(TestBlockId.apply(prefix + names[owner]).name()), names[owner], context);
      }
    }
  }

  private int await(CompletableFuture<Integer> fetched, String name, TaskContext context) {
    while (true) {
      try {
        return fetched.get(100, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        context.killTaskIfInterrupted();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while fetching gradient slice " + name, e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("could not fetch gradient slice " + prefix + name + ": " + e.getCause(),
            e.getCause());
      }
    }
  }

  /** A new phase begins: the blocks put so far belong to earlier phases. */
  void beginPhase() {
    earlier.addAll(current);
    current.clear();
  }

  /** Removes the blocks of earlier phases: call once every peer has reported this phase, so has read them. */
  void removeEarlierPhases() {
    earlier.forEach(id -> blocks.removeBlock(id, false));
    earlier.clear();
  }

  /** Removes every block this replica put: call once every peer is done. */
  void removeAll() {
    beginPhase();
    removeEarlierPhases();
  }

  long bytesIn() {
    return bytesIn;
  }

  long bytesOut() {
    return bytesOut;
  }
}
