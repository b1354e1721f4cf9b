package ai.equilibrium.spark.block;

import ai.equilibrium.backend.PartitionOrder;
import ai.equilibrium.schedule.AdversaryLrSchedule;
import ai.equilibrium.step.Player;
import ai.equilibrium.step.ShardResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkException;
import org.apache.spark.rpc.RpcCallContext;
import org.apache.spark.rpc.RpcEnv;
import org.apache.spark.rpc.ThreadSafeRpcEndpoint;
import scala.Function1;
import scala.PartialFunction;
import scala.runtime.AbstractPartialFunction;
import scala.runtime.BoxedUnit;

/**
 * The driver's side of a block: an RPC endpoint that collects every replica's report of a phase, merges the
 * scalars in {@link PartitionOrder}'s tree (the bits the in-process backend gets), lets the loop's schedule
 * observe the adversary's merged loss, and answers all replicas with the multiplier. The answer is also the
 * phase's barrier: it leaves only when every replica's gradient slices are in place.
 *
 * <p>A retried block (a new attempt) starts the schedule again from the block's start; reports of an older
 * attempt are refused. An observation stays tentative until a later phase reports: a phase whose merged
 * result the replicas find non-finite was never observed by the in-process loop, so the runner undoes it.
 */
final class BlockCoordinator implements ThreadSafeRpcEndpoint {
  private final RpcEnv rpcEnv;
  private long block = -1;
  private int attempt = -1;
  private AdversaryLrSchedule schedule;
  private double[] scheduleAtStart;
  private double[] beforeTentative;
  private final Map<Integer, Phase> phases = new HashMap<>();
  private final Map<String, Phase> gatherings = new HashMap<>();
  private final List<PhaseObservation> observations = new ArrayList<>();

  /** The replicas that have reported (or gathered) so far, waiting for the rest. */
  private static final class Phase {
    final ShardResult[] scalars;
    final byte[][] payloads;
    final RpcCallContext[] waiting;
    int arrived;

    Phase(int partitions) {
      scalars = new ShardResult[partitions];
      payloads = new byte[partitions][];
      waiting = new RpcCallContext[partitions];
    }
  }

  BlockCoordinator(RpcEnv rpcEnv) {
    this.rpcEnv = rpcEnv;
  }

  @Override
  public RpcEnv rpcEnv() {
    return rpcEnv;
  }

  /** Starts block {@code block}: its phases will be observed by {@code schedule}, which is now at the block's start. */
  synchronized void begin(long block, AdversaryLrSchedule schedule) {
    this.block = block;
    this.attempt = -1;
    this.schedule = schedule;
    this.scheduleAtStart = schedule.state();
    this.beforeTentative = null;
    phases.clear();
  }

  /**
   * Ends the block. {@code lastPhaseCompleted} false: the last reported phase diverged before any player moved,
   * so its observation (if it made one) is undone.
   */
  synchronized void end(boolean lastPhaseCompleted) {
    if (!lastPhaseCompleted && beforeTentative != null) {
      schedule.restore(beforeTentative);
      observations.remove(observations.size() - 1);
    }
    beforeTentative = null;
    phases.values().forEach(p -> fail(p, "the block ended"));
    phases.clear();
    gatherings.values().forEach(p -> fail(p, "the block ended"));
    gatherings.clear();
    block = -1;
  }

  /** Every adversary phase observed so far, in order (rolled-back blocks' included). */
  synchronized List<PhaseObservation> observations() {
    return List.copyOf(observations);
  }

  @Override
  public PartialFunction<Object, BoxedUnit> receiveAndReply(RpcCallContext context) {
    return new AbstractPartialFunction<>() {
      @Override
      public boolean isDefinedAt(Object message) {
        return message instanceof byte[];
      }

      @Override
      public <A1, B1> B1 applyOrElse(A1 message, Function1<A1, B1> otherwise) {
        if (!(message instanceof byte[] bytes)) {
          return otherwise.apply(message);
        }
        Object value = Wire.value(bytes, Object.class);
        if (value instanceof PhaseReport report) {
          receive(report, context);
        } else {
          gather((Gather) value, context);
        }
        @SuppressWarnings("unchecked")
        B1 unit = (B1) BoxedUnit.UNIT;
        return unit;
      }
    };
  }

  /** Whether a message of block {@code from}, attempt {@code tried} belongs to the block that runs now. */
  private boolean current(long from, int tried, RpcCallContext context) {
    if (from != block || tried < attempt) {
      context.sendFailure(new SparkException("a message of block " + from + " attempt " + tried
          + " arrived while the driver runs block " + block + " attempt " + attempt));
      return false;
    }
    if (tried > attempt) { // the block runs again from its start
      phases.values().forEach(p -> fail(p, "the block runs again"));
      phases.clear();
      gatherings.values().forEach(p -> fail(p, "the block runs again"));
      gatherings.clear();
      if (attempt >= 0) {
        schedule.restore(scheduleAtStart);
      }
      attempt = tried;
      beforeTentative = null;
    }
    return true;
  }

  private synchronized void gather(Gather part, RpcCallContext context) {
    if (!current(part.block(), part.attempt(), context)) {
      return;
    }
    Phase gathering = gatherings.computeIfAbsent(part.key(), k -> new Phase(part.partitions()));
    gathering.payloads[part.partition()] = part.payload();
    gathering.waiting[part.partition()] = context;
    if (++gathering.arrived < part.partitions()) {
      return;
    }
    gatherings.remove(part.key());
    byte[] answer = Wire.bytes(gathering.payloads);
    for (RpcCallContext waiting : gathering.waiting) {
      waiting.reply(answer);
    }
  }

  private synchronized void receive(PhaseReport report, RpcCallContext context) {
    if (!current(report.block(), report.attempt(), context)) {
      return;
    }
    beforeTentative = null; // a later phase reported: the last observation stands
    Phase phase = phases.computeIfAbsent(report.phase(), k -> new Phase(report.partitions()));
    phase.scalars[report.partition()] = Wire.value(report.scalars(), ShardResult.class);
    phase.waiting[report.partition()] = context;
    if (++phase.arrived < report.partitions()) {
      return;
    }
    phases.remove(report.phase());
    ShardResult merged = PartitionOrder.merge(List.of(phase.scalars), ShardResult::merge);
    double multiplier = Double.NaN;
    if (report.adversaryUpdates()) {
      beforeTentative = schedule.state();
      double loss = merged.meanLoss(Player.ADVERSARY);
      multiplier = schedule.observe(loss);
      observations.add(new PhaseObservation(report.step(), report.iteration(), loss, multiplier));
    }
    byte[] answer = Wire.bytes(new PhaseDecision(Wire.bytes(merged), multiplier, schedule.smoothedLoss()));
    for (RpcCallContext waiting : phase.waiting) {
      waiting.reply(answer);
    }
  }

  private static void fail(Phase phase, String why) {
    for (RpcCallContext waiting : phase.waiting) {
      if (waiting != null) {
        waiting.sendFailure(new SparkException(why));
      }
    }
  }
}
