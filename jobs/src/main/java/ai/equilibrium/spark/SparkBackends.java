package ai.equilibrium.spark;

import ai.equilibrium.backend.ShardExecutor;
import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.Settings;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.spark.block.SparkBlockBackend;
import ai.equilibrium.spark.block.TaskSlots;
import ai.equilibrium.stabilize.Stabilizers;
import ai.equilibrium.step.GradientCorrection;
import ai.equilibrium.step.Player;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;

/** The Spark backend an experiment's {@code spark.backend} names, or the one {@code auto} finds for the placement. */
public final class SparkBackends {
  private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,.*");

  private SparkBackends() {}

  /** What runs the steps, and why: {@code auto}'s reasons, or that the configuration named it. */
  public record Choice(Settings.BackendKind kind, String reason) {
    /** For the run's first line: "blocks (2 task slots for 2 partitions)". */
    public String describe() {
      return (kind == Settings.BackendKind.BLOCK ? "blocks" : "per-step") + " (" + reason + ")";
    }
  }

  /** The per-step backend (with the experiment's {@code spark.reduction}) or the block backend. */
  public static <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> ShardExecutor<G, N, S>
      of(JavaSparkContext sc, Experiment<G, N, S> experiment) {
    return of(sc, experiment, choice(sc.sc(), experiment));
  }

  /** The backend {@code choice} names. */
  public static <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> ShardExecutor<G, N, S>
      of(JavaSparkContext sc, Experiment<G, N, S> experiment, Choice choice) {
    return choice.kind() == Settings.BackendKind.BLOCK
        ? new SparkBlockBackend<>(sc, experiment)
        : new SparkGradientBackend<>(sc, experiment.game(), experiment.source(), experiment.config().spark().reduction());
  }

  /** The experiment's {@code spark.backend}, or for auto what {@link #choose} finds. */
  public static Choice choice(SparkContext sc, Experiment<?, ?, ?> experiment) {
    Settings.BackendKind named = experiment.config().spark().backend();
    Optional<String> perStepOnly = perStepOnly(Stabilizers.corrections(experiment.config().stabilize()));
    if (perStepOnly.isPresent()) {
      if (named == Settings.BackendKind.BLOCK) {
        throw new ConfigError("spark.backend", "block replicas reduce summed gradients among themselves, but "
            + perStepOnly.get() + "; use spark.backend = per-step or auto");
      }
      return new Choice(Settings.BackendKind.PER_STEP, perStepOnly.get());
    }
    return named == Settings.BackendKind.AUTO ? choose(sc, experiment.game().plan().partitions())
        : new Choice(named, "spark.backend");
  }

  /** Why a correction needs the driver to see each phase, if one does: replicas reduce summed gradients only. */
  static Optional<String> perStepOnly(List<GradientCorrection> corrections) {
    for (GradientCorrection c : corrections) {
      if (c.displaces(Player.MAIN) || c.displaces(Player.ADVERSARY)) {
        return Optional.of("stabilize.brc.hessian = exact re-evaluates gradients on the driver within a phase");
      }
      if (!c.perMicroBatchTerms(Player.MAIN).isEmpty() || !c.perMicroBatchTerms(Player.ADVERSARY).isEmpty()) {
        return Optional.of("stabilize.brc needs each micro-batch's adversary gradients on the driver");
      }
    }
    return Optional.empty();
  }

  /**
   * The block backend wherever it can run: a task slot per data partition (on a cluster, after waiting up to a
   * minute for the executors asked for to register) and no dynamic allocation, which barrier stages refuse.
   * Measured faster than the per-step backend in local mode too (one JVM, where its jobs move nothing between
   * processes: ring-mlp 19-22 against 48-59 ms a step on local[2], mlp-mnist b256 67-73 against 116-126), and
   * lighter (its replicas hold no task results).
   */
  public static Choice choose(SparkContext sc, int partitions) {
    if (sc.getConf().getBoolean("spark.dynamicAllocation.enabled", false)) {
      return new Choice(Settings.BackendKind.PER_STEP, "dynamic allocation is on, and barrier stages refuse it");
    }
    OptionalInt asked = askedSlots(sc);
    int slots = sc.isLocal() || (asked.isPresent() && asked.getAsInt() < partitions) ? TaskSlots.offered(sc)
        : TaskSlots.await(sc, partitions);
    String offered = slots + " task slots for " + partitions + " partitions";
    return slots < partitions
        ? new Choice(Settings.BackendKind.PER_STEP, offered + ": a block runs them all at once")
        : new Choice(Settings.BackendKind.BLOCK, offered);
  }

  /** The task slots the cluster will have once the executors asked for register, where the settings say. */
  static OptionalInt askedSlots(SparkContext sc) {
    SparkConf conf = sc.getConf();
    int taskCpus = conf.getInt("spark.task.cpus", 1);
    Matcher local = LOCAL_CLUSTER.matcher(sc.master());
    if (local.matches()) {
      return OptionalInt.of(Integer.parseInt(local.group(1)) * Integer.parseInt(local.group(2)) / taskCpus);
    }
    if (conf.contains("spark.executor.instances") && conf.contains("spark.executor.cores")) {
      return OptionalInt.of(conf.getInt("spark.executor.instances", 0) * conf.getInt("spark.executor.cores", 1)
          / taskCpus);
    }
    return OptionalInt.empty();
  }
}
