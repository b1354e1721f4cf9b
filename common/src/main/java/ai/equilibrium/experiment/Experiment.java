package ai.equilibrium.experiment;

import ai.equilibrium.backend.GradientBackend;
import ai.equilibrium.backend.LocalBackend;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.data.DataSource;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.schedule.AdversaryLrSchedule;
import ai.equilibrium.schedule.Schedules;
import ai.equilibrium.stabilize.Stabilizers;
import ai.equilibrium.step.Player;
import ai.equilibrium.train.CheckpointStore;
import ai.equilibrium.train.DivergenceGuard;
import ai.equilibrium.train.PlayerState;
import ai.equilibrium.train.TrainingListener;
import ai.equilibrium.train.TrainingLoop;
import ai.equilibrium.train.UpdateOrder;
import java.io.Serializable;
import java.util.List;

/**
 * An experiment: a configuration, the game assembly that {@code game.type} chooses, and the adversary's
 * learning-rate schedule. The backend is the caller's choice, so the Spark job, the benchmark and the tests
 * run the same experiment on the one training loop.
 */
public final class Experiment<G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> {
  private final ExperimentConfig config;
  private final GameAssembly<G, N, S> assembly;
  /** Kept across {@link #loop} calls: its EMA is the run's. */
  private final AdversaryLrSchedule schedule;

  private Experiment(ExperimentConfig config, GameAssembly<G, N, S> assembly) {
    this.config = config;
    this.assembly = assembly;
    this.schedule = Schedules.of(config.schedule(), assembly.game().idealAdversaryLoss());
  }

  /** Builds the experiment of {@code config} with the game type it names, its players at their initial parameters. */
  public static Experiment<?, ?, ?> assemble(ExperimentConfig config) {
    return of(config, GameType.of(config).assemble(config));
  }

  /** The experiment of {@code config} on an assembly built for it (typed, for callers that need the game itself). */
  public static <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> Experiment<G, N, S> of(
      ExperimentConfig config, GameAssembly<G, N, S> assembly) {
    return new Experiment<>(config, assembly);
  }

  public ExperimentConfig config() {
    return config;
  }

  public G game() {
    return assembly.game();
  }

  public DataSource<S> source() {
    return assembly.source();
  }

  public GameAssembly<G, N, S> assembly() {
    return assembly;
  }

  public PlayerState player(Player player) {
    return assembly.player(player);
  }

  /** The in-process reference backend over this experiment's partitions. */
  public LocalBackend<G, N, S> localBackend() {
    return new LocalBackend<>(game(), source());
  }

  /** The loop without checkpoints: a diverged run stops at once. */
  public TrainingLoop loop(GradientBackend backend, List<TrainingListener> listeners) {
    return loop(backend, listeners, CheckpointStore.NONE);
  }

  /** The loop with the configured divergence guard, rolling back to {@code checkpoints}. */
  public TrainingLoop loop(GradientBackend backend, List<TrainingListener> listeners, CheckpointStore checkpoints) {
    return new TrainingLoop(backend, UpdateOrder.of(config.train(), freshMainDraw()), player(Player.MAIN),
        player(Player.ADVERSARY), schedule, game().idealAdversaryLoss(), Stabilizers.corrections(config.stabilize()),
        DivergenceGuard.of(config.guard(), game().idealAdversaryLoss()), checkpoints, listeners);
  }

  /**
   * A replica of the loop for a backend that runs blocks of steps on a cluster: the schedule it is given
   * stands for the driver's, and it neither checkpoints nor reports (the driver's loop does both).
   */
  public TrainingLoop replicaLoop(GradientBackend backend, AdversaryLrSchedule driverSchedule) {
    return new TrainingLoop(backend, UpdateOrder.of(config.train(), freshMainDraw()), player(Player.MAIN),
        player(Player.ADVERSARY), driverSchedule, game().idealAdversaryLoss(),
        Stabilizers.corrections(config.stabilize()), DivergenceGuard.of(config.guard(), game().idealAdversaryLoss()),
        CheckpointStore.NONE, List.of());
  }

  /** The main phase draws its own batch when the best-response correction asks for it. */
  private boolean freshMainDraw() {
    return config.stabilize().bestResponse().enabled() && config.stabilize().bestResponse().freshDraw();
  }
}
