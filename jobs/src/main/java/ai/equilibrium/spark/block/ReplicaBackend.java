package ai.equilibrium.spark.block;

import ai.equilibrium.backend.GradientBackend;
import ai.equilibrium.backend.PartitionOrder;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.step.Player;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.step.StepRequest;
import ai.equilibrium.tensor.NumericVector;
import ai.equilibrium.tensor.ParameterSet;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.apache.spark.BarrierTaskContext;

/**
 * A replica's backend: it computes its own partition's share of a phase, then the replicas reduce the gradient
 * sums among themselves, in {@link PartitionOrder}'s tree element by element (the in-process merge's bits). Small
 * gradients are gathered whole by every replica; large ones are reduce-scattered and all-gathered. The driver gets
 * only the scalars, and answers with their merge and the adversary's multiplier.
 */
final class ReplicaBackend<G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable>
    implements GradientBackend {
  private final Replica<G, N, S> replica;
  private final S shard;
  private final int partition;
  private final int partitions;
  private final SliceExchange exchange;
  private final CoordinatorLink coordinator;
  /**
   * Below this many bytes fetched per replica, whole sums are gathered: one round of fetches costs less than a
   * second round plus a wait (about 1 MB a millisecond on 10 GbE).
   */
  private static final long DIRECT_BYTES = 4L << 20;
  private final BarrierTaskContext context;
  private PhaseDecision lastDecision;
  /** Nanoseconds spent in each part of a phase, summed over the block ({@link BlockTraffic#PARTS} names them). */
  private final long[] nanos = new long[BlockTraffic.PARTS.size()];
  /** Phases computed in this block: names each phase's blocks (two phases of a step can share an iteration). */
  private int phases;
  /** Slices' buffers and vectors, reused from phase to phase. */
  private final PhaseBuffers buffers = new PhaseBuffers();

  ReplicaBackend(Replica<G, N, S> replica, S shard, SliceExchange exchange, CoordinatorLink coordinator,
      BarrierTaskContext context) {
    this.replica = replica;
    this.shard = shard;
    this.partition = context.partitionId();
    this.partitions = context.numPartitions();
    this.exchange = exchange;
    this.coordinator = coordinator;
    this.context = context;
  }

  long[] nanos() {
    return nanos.clone();
  }

  /** The coordinator's answer to the last phase. */
  PhaseDecision lastDecision() {
    return lastDecision;
  }

  @Override
  public ShardResult compute(StepRequest request, Map<Player, ParameterSet> parameters) {
    long[] marks = new long[nanos.length + 1];
    marks[0] = System.nanoTime();
    replica.load(parameters);
    ShardResult mine = replica.game().computeShard(replica.networks(), shard, partition, request);
    int phase = phases++;
    GradientSlices whole = GradientSlices.of(mine, 1);
    boolean direct = (long) whole.bytes() * (partitions - 1) <= DIRECT_BYTES;
    List<NumericVector> reduced = direct ? allGather(request, phase, mine, whole, marks)
        : reduceScatter(request, phase, mine, GradientSlices.of(mine, partitions), marks);
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] += marks[i + 1] - marks[i];
    }
    ShardResult merged = Wire.value(lastDecision.scalars(), ShardResult.class);
    for (int t = 0; t < whole.terms().size(); t++) {
      merged.putReducedGradient(whole.terms().get(t), reduced.get(t));
    }
    return merged;
  }

  /**
   * Small gradients: every replica fetches every other's whole sums and merges all of them in the tree. One
   * round of fetches and no second wait; (P - 1) times the gradient's bytes per replica.
   */
  private List<NumericVector> allGather(StepRequest request, int phase, ShardResult mine, GradientSlices whole,
      long[] marks) {
    exchange.beginPhase();
    if (partitions > 1) {
      exchange.put("w" + phase + "-" + partition,
          buffers.outgoing(phase, "w", old -> GradientSlices.bytes(whole.sums(mine), old)));
    }
    marks[1] = System.nanoTime();
    report(request, phase, mine, marks, 2);
    String[] names = new String[partitions];
    for (int q = 0; q < partitions; q++) {
      names[q] = q == partition ? null : "w" + phase + "-" + q;
    }
    List<List<NumericVector>> all = fetchVectors(phase, "w", names, whole, owner -> 0);
    all.set(partition, whole.sums(mine));
    marks[3] = System.nanoTime();
    List<NumericVector> reduced = PartitionOrder.merge(all, GradientSlices::add);
    marks[4] = marks[5] = marks[6] = System.nanoTime();
    return reduced;
  }

  /**
   * Large gradients: each replica sums its own slice over all partitions (a reduce-scatter), the replicas wait
   * for each other, and each gathers the others' reduced slices (an all-gather): about twice the gradient's bytes
   * per replica, whatever the number of replicas.
   */
  private List<NumericVector> reduceScatter(StepRequest request, int phase, ShardResult mine,
      GradientSlices layout, long[] marks) {
    exchange.beginPhase();
    for (int s = 0; s < partitions; s++) {
      if (s != partition) {
        int slice = s;
        exchange.put("c" + phase + "-" + s + "-" + partition,
            buffers.outgoing(phase, "c" + s, old -> layout.sliceBytes(mine, slice, old)));
      }
    }
    List<NumericVector> own = layout.cut(mine, partition);
    marks[1] = System.nanoTime();
    report(request, phase, mine, marks, 2);
    String[] contributed = new String[partitions];
    for (int q = 0; q < partitions; q++) {
      contributed[q] = q == partition ? null : "c" + phase + "-" + partition + "-" + q;
    }
    List<List<NumericVector>> contributions = fetchVectors(phase, "c", contributed, layout, owner -> partition);
    contributions.set(partition, own);
    marks[3] = System.nanoTime();
    List<NumericVector> reduced = PartitionOrder.merge(contributions, GradientSlices::add);
    exchange.put("r" + phase + "-" + partition,
        buffers.outgoing(phase, "r", old -> GradientSlices.bytes(reduced, old)));
    marks[4] = System.nanoTime();
    coordinator.gather("reduced-" + phase, new byte[0]);
    marks[5] = System.nanoTime();
    String[] gathered = new String[partitions];
    for (int s = 0; s < partitions; s++) {
      gathered[s] = s == partition ? null : "r" + phase + "-" + s;
    }
    List<List<NumericVector>> slices = fetchVectors(phase, "r", gathered, layout, owner -> owner);
    List<NumericVector> whole = layout.wholeVectors(buffers.incoming(phase, "whole"));
    buffers.keepIncoming(phase, "whole", whole);
    for (int s = 0; s < partitions; s++) {
      layout.place(whole, s == partition ? reduced : slices.get(s), s);
    }
    marks[6] = System.nanoTime();
    return whole;
  }

  /**
   * The slices named by owner (null for owners not read), slice {@code sliceOf(owner)} of {@code layout} each, read
   * into the vectors that {@code slot} and the owner read two phases before, and kept for two phases on. The
   * list has null where nothing was read.
   */
  private List<List<NumericVector>> fetchVectors(int phase, String slot, String[] names, GradientSlices layout,
      IntUnaryOperator sliceOf) {
    List<List<NumericVector>> read = new ArrayList<>(Collections.nCopies(partitions, null));
    exchange.fetch(names, context, (owner, bytes) -> read.set(owner,
        layout.read(bytes, sliceOf.applyAsInt(owner), buffers.incoming(phase, slot + owner))));
    for (int owner = 0; owner < partitions; owner++) {
      if (read.get(owner) != null) {
        buffers.keepIncoming(phase, slot + owner, read.get(owner));
      }
    }
    return read;
  }

  /** Sends the phase's scalars to the coordinator and waits for its decision (every replica's slices are put). */
  private void report(StepRequest request, int phase, ShardResult mine, long[] marks, int mark) {
    lastDecision = coordinator.report(request, phase, partition, partitions, mine.withoutGradients());
    exchange.removeEarlierPhases(); // every replica reported this phase, so has read the earlier ones' blocks
    marks[mark] = System.nanoTime();
  }

  @Override
  public void close() {
    // the exchange's blocks are removed by the task, once every replica is done
  }
}
