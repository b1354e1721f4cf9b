package ai.equilibrium.spark;

import ai.equilibrium.backend.ProcessorKind;
import ai.equilibrium.backend.ShardComputation;
import ai.equilibrium.backend.ShardExecutor;
import ai.equilibrium.config.Settings;
import ai.equilibrium.data.DataSource;
import ai.equilibrium.data.DataUnavailableException;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.step.Player;
import ai.equilibrium.tensor.ParameterSet;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * Runs shard computations (a step's gradients, evaluation features) across Spark executors. The training
 * data is a cached RDD with one shard per partition, loaded by the executors themselves. Per call, each
 * player's parameters are broadcast only if they changed (as plain float[]/double[], no INDArray
 * serialization), one task per partition computes its result with pooled networks, and a
 * {@link ResultReduction} merges the results in {@link PartitionOrder}'s fixed tree, so a step's sums are
 * bitwise the same on any cluster, after any retry, and on the in-process backend. Broadcasts that a newer
 * version replaced are destroyed, on a background thread, once the job that needed them has finished.
 */
public final class SparkGradientBackend<G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable>
    implements ShardExecutor<G, N, S> {
  private final JavaSparkContext sc;
  private final String runKey = UUID.randomUUID().toString();
  private final Broadcast<G> gameBroadcast;
  private final List<String> processors;
  private final JavaRDD<S> data;
  private final DeviceBinding devices;
  private final ResultReduction reduction;
  private final Map<Player, Broadcast<VersionedParameters>> current = new EnumMap<>(Player.class);
  /** Destroys replaced broadcasts off the step's critical path (each destroy waits for an RPC round trip). */
  private final ExecutorService destroyer = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "equilibrium-broadcast-destroyer");
    thread.setDaemon(true);
    return thread;
  });

  public SparkGradientBackend(JavaSparkContext sc, G game, DataSource<S> source) {
    this(sc, game, source, DeviceBinding.ND4J, ResultReduction.ON_DRIVER);
  }

  /** With the reduction the experiment's {@code spark.reduction} names. */
  public SparkGradientBackend(JavaSparkContext sc, G game, DataSource<S> source, Settings.ReductionKind reduction) {
    this(sc, game, source, DeviceBinding.ND4J, ResultReduction.of(reduction));
  }

  /**
   * @param devices   binds each task to the GPU Spark assigned it (tests pass one that records)
   * @param reduction where the partitions' results are merged
   */
  public SparkGradientBackend(JavaSparkContext sc, G game, DataSource<S> source, DeviceBinding devices,
      ResultReduction reduction) {
    this.sc = sc;
    this.devices = devices;
    this.reduction = reduction;
    int partitions = game.plan().partitions();
    this.gameBroadcast = sc.broadcast(game);
    List<Integer> ids = IntStream.range(0, partitions).boxed().toList();
    this.data = sc.parallelize(ids, partitions).map(new LoadShard<>(source, partitions))
        .setName("equilibrium training data (" + source.name() + ", " + partitions + " partitions)")
        .persist(StorageLevel.MEMORY_ONLY());
    loadNow();
    this.processors = data.mapPartitions(shard -> List.of(ProcessorKind.current().toString()).iterator()).distinct()
        .collect().stream().sorted().toList();
  }

  /** The training data: a cached RDD with one shard per partition, which the block backend trains on too. */
  public JavaRDD<S> trainingData() {
    return data;
  }

  /** The key of this run's pooled networks on the executors; other pools of the run extend it with "/kind". */
  public String runKey() {
    return runKey;
  }

  /** The processor kinds of the executors that hold the data partitions (and compute on them). */
  @Override
  public List<String> processors() {
    return processors;
  }

  /** Loads the data now, so that a missing data set fails before training starts, with its own message. */
  private void loadNow() {
    try {
      data.count();
    } catch (Exception e) { // Scala throws the checked SparkException undeclared
      data.unpersist(false);
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof DataUnavailableException unavailable) {
          throw new DataUnavailableException(unavailable.getMessage(), e);
        }
      }
      throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
    }
  }

  @Override
  public <R extends Serializable> R run(ShardComputation<G, N, S, R> computation, Map<Player, ParameterSet> parameters) {
    List<Broadcast<VersionedParameters>> replaced = new ArrayList<>();
    parameters.forEach((player, params) -> {
      Broadcast<VersionedParameters> held = current.get(player);
      if (held == null || held.value().version() != params.version()) {
        current.put(player, sc.broadcast(new VersionedParameters(params.version(), params.snapshot())));
        if (held != null) {
          replaced.add(held);
        }
      }
    });
    Map<Player, Broadcast<VersionedParameters>> sent = new EnumMap<>(current);
    ShippedComputation<G, N, S, R> shipped = ShippedComputation.of(sc, computation);
    R result = reduction.reduce(sc.sc(), data.rdd(), new ShardTask<>(runKey, gameBroadcast, sent, shipped, devices),
        new ShippedMerge<>(shipped));
    List<Broadcast<?>> done = new ArrayList<>(replaced);
    shipped.broadcast().ifPresent(done::add);
    if (!done.isEmpty()) {
      destroyer.execute(() -> done.forEach(SparkGradientBackend::destroy));
    }
    return result;
  }

  @Override
  public void close() {
    destroyer.shutdown();
    try {
      destroyer.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    current.values().forEach(SparkGradientBackend::destroy);
    current.clear();
    data.unpersist(false);
    destroy(gameBroadcast);
    ExecutorNetworkCache.evict(runKey);
  }

  /**
   * Destroys a broadcast and waits for it: a non-blocking destroy of a broadcast that is garbage collected
   * right after races with Spark's ContextCleaner removing the same blocks, which logs errors. The destroyer
   * thread holds the broadcast until its destroy has finished.
   */
  private static void destroy(Broadcast<?> broadcast) {
    broadcast.destroy(true);
  }

  /** The computation's merge, wherever the reduction runs it (the computation itself travels as it was shipped). */
  private static final class ShippedMerge<G extends AdversarialGame<N, S>, N extends GameNetworks,
      S extends Serializable, R extends Serializable> implements ResultReduction.Merge<R> {
    private static final long serialVersionUID = 1L;
    private final ShippedComputation<G, N, S, R> computation;

    ShippedMerge(ShippedComputation<G, N, S, R> computation) {
      this.computation = computation;
    }

    @Override
    public R apply(R a, R b) {
      return computation.get().merge(a, b);
    }
  }

  /** Loads partition p's shard on the executor that computes it. */
  private static final class LoadShard<S extends Serializable> implements Function<Integer, S> {
    private static final long serialVersionUID = 1L;
    private final DataSource<S> source;
    private final int partitions;

    LoadShard(DataSource<S> source, int partitions) {
      this.source = source;
      this.partitions = partitions;
    }

    @Override
    public S call(Integer partition) {
      return source.loadShard(partition, partitions);
    }
  }

}
