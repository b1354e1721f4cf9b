package ai.equilibrium.spark.block;

import ai.equilibrium.backend.ShardComputation;
import ai.equilibrium.backend.ShardExecutor;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.schedule.AdversaryLrSchedule;
import ai.equilibrium.spark.DeviceBinding;
import ai.equilibrium.spark.ResultReduction;
import ai.equilibrium.spark.SparkGradientBackend;
import ai.equilibrium.step.Player;
import ai.equilibrium.tensor.ParameterSet;
import ai.equilibrium.train.BlockRunner;
import ai.equilibrium.train.LoopCheckpoint;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rpc.RpcEndpointRef;
import scala.reflect.ClassTag$;

/**
 * The block backend: each block of steps is one barrier stage whose tasks are replicas of both players, one per
 * data partition. The replicas compute their partitions' gradients, reduce them among themselves through the block
 * manager ({@link ReplicaBackend}), and apply the same updates; the driver's {@link BlockCoordinator} merges each
 * phase's losses and answers with the schedule's multiplier. The driver takes in a few numbers per phase and
 * one copy of the state per block, however many executors there are.
 *
 * <p>Evaluations and other computations between blocks run on the per-step backend it wraps, over the same cached
 * data. A barrier stage needs a task slot per partition at once, runs without dynamic allocation, and restarts all
 * its tasks when one fails; the block then repeats from the state the driver holds for its start, so the result
 * is bitwise the undisturbed run's.
 */
public final class SparkBlockBackend<G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable>
    implements ShardExecutor<G, N, S>, BlockRunner {
  private static final Logger log = LoggerFactory.getLogger(SparkBlockBackend.class);
  private final JavaSparkContext sc;
  private final SparkGradientBackend<G, N, S> perStep;
  private final String config;
  private final int maxBlockSteps;
  private final int partitions;
  private final int maxAttempts;
  private final DeviceBinding devices;
  private final String endpointName;
  private final BlockCoordinator coordinator;
  private final RpcEndpointRef endpoint;
  private long blocks;
  private final BlockTraffic traffic = new BlockTraffic();

  /** The backend of {@code experiment}, with its {@code spark.*} settings. */
  public SparkBlockBackend(JavaSparkContext sc, Experiment<G, N, S> experiment) {
    this(sc, experiment, DeviceBinding.ND4J);
  }

  public SparkBlockBackend(JavaSparkContext sc, Experiment<G, N, S> experiment, DeviceBinding devices) {
    this.sc = sc;
    this.devices = devices;
    this.config = experiment.config().rendered();
    this.maxBlockSteps = experiment.config().spark().blockSteps();
    this.partitions = experiment.game().plan().partitions();
    this.maxAttempts = sc.getConf().getInt("spark.task.maxFailures", 4);
    TaskSlots.require(sc.sc(), partitions);
    this.perStep = new SparkGradientBackend<>(sc, experiment.game(), experiment.source(), devices,
        ResultReduction.of(experiment.config().spark().reduction()));
    this.endpointName = "equilibrium-blocks-" + perStep.runKey();
    SparkEnv env = sc.sc().env();
    this.coordinator = new BlockCoordinator(env.rpcEnv());
    this.endpoint = env.rpcEnv().setupEndpoint(endpointName, coordinator);
  }

  @Override
  public int maxBlockSteps() {
    return maxBlockSteps;
  }

  /**
   * Runs the block as a barrier stage, again from the same start if an attempt fails (Spark does not retry a
   * failed barrier result stage itself), up to {@code spark.task.maxFailures} attempts.
   */
  @Override
  public Block run(LoopCheckpoint start, long until, long totalSteps, AdversaryLrSchedule schedule) {
    long block = blocks++;
    coordinator.begin(block, schedule);
    List<ReplicaOutcome> outcomes = null;
    boolean completed = false;
    Broadcast<LoopCheckpoint> state = sc.broadcast(start);
    LoopCheckpoint loop = BlockPlan.withoutPlayers(start);
    String startDigest = ReplicaTask.digest(start);
    try {
      for (int attempt = 0; outcomes == null; attempt++) {
        BlockPlan plan = new BlockPlan(block, attempt, config, loop, startDigest, until, totalSteps);
        outcomes = attempt(plan, state, attempt + 1 >= maxAttempts);
      }
      Block first = first(outcomes);
      completed = first.divergence().isEmpty() || first.end().step() >= first.divergence().get().step();
    } finally {
      coordinator.end(completed);
      state.destroy(false);
    }
    checkReplicasAgree(outcomes, start.step(), until);
    traffic.add(outcomes, first(outcomes).steps().size());
    Block first = first(outcomes);
    LoopCheckpoint end = first.end();
    return new Block(first.steps(), new LoopCheckpoint(end.step(), end.players(), schedule.state(), end.guard(),
        end.learningRateScale(), end.rollbacks()), first.divergence());
  }

  /** One attempt at a block: its replicas' outcomes, or null if it failed and may be tried again. */
  private List<ReplicaOutcome> attempt(BlockPlan plan, Broadcast<LoopCheckpoint> start, boolean last) {
    Broadcast<BlockPlan> shipped = sc.broadcast(plan);
    try {
      return perStep.trainingData().rdd().barrier()
          .mapPartitions(new ReplicaTask<S>(perStep.runKey(), endpointName, shipped, start, devices), false,
              ClassTag$.MODULE$.apply(ReplicaOutcome.class))
          .toJavaRDD().collect();
    } catch (Exception e) { // Scala throws the checked SparkException undeclared
      if (last || !(e instanceof SparkException)) {
        throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
      }
      log.warn("block {} (steps {}..{}) attempt {} failed; it runs again from its start: {}", plan.block(),
          plan.loop().step(), plan.until(), plan.attempt(), e.getMessage());
      return null;
    } finally {
      shipped.destroy(false);
    }
  }

  private static Block first(List<ReplicaOutcome> outcomes) {
    return outcomes.get(0).block();
  }

  /** Every replica must end a block in the same state, to the bit. */
  private static void checkReplicasAgree(List<ReplicaOutcome> outcomes, long from, long until) {
    String expected = outcomes.get(0).digest();
    for (ReplicaOutcome outcome : outcomes) {
      if (!outcome.digest().equals(expected)) {
        throw new IllegalStateException("the replicas of partitions 0 and " + outcome.partition() + " ended the block of "
            + "steps " + from + ".." + until + " in different states (digest " + expected + " against "
            + outcome.digest() + "): their executors computed the same updates differently, which happens when "
            + "they run on different processor kinds or native thread counts");
      }
    }
  }

  /** The bytes blocks moved so far, per step. */
  public BlockTraffic traffic() {
    return traffic;
  }

  /** The adversary phases the driver's schedule observed, in order, with the multiplier it answered. */
  public List<PhaseObservation> observations() {
    return coordinator.observations();
  }

  @Override
  public <R extends Serializable> R run(ShardComputation<G, N, S, R> computation, Map<Player, ParameterSet> parameters) {
    return perStep.run(computation, parameters);
  }

  @Override
  public List<String> processors() {
    return perStep.processors();
  }

  @Override
  public void close() {
    sc.sc().env().rpcEnv().stop(endpoint);
    perStep.close();
    if (sc.sc().isLocal()) {
      // Spark's BarrierTaskContext starts a non-daemon java.util.Timer in the JVM that runs barrier tasks, which
      // keeps a local-mode driver's JVM alive after its main method returns (executors exit on their own).
      // We never call barrier(), its only user.
      org.apache.spark.BarrierTaskContext$.MODULE$.org$apache$spark$BarrierTaskContext$$timer().cancel();
    }
  }
}
