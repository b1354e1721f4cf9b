package ai.equilibrium.experiment;

import ai.equilibrium.backend.GradientBackend;
import ai.equilibrium.backend.LocalBackend;
import ai.equilibrium.config.Components;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.DataSource;
import ai.equilibrium.data.DomainPairSource;
import ai.equilibrium.data.DomainShard;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.DomainAdaptationGame;
import ai.equilibrium.game.DomainAdaptationNetworks;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.game.GanGame;
import ai.equilibrium.game.GanNetworks;
import ai.equilibrium.schedule.AdversaryLrSchedule;
import ai.equilibrium.step.Player;
import ai.equilibrium.train.CheckpointStore;
import ai.equilibrium.train.PlayerState;
import ai.equilibrium.train.TrainingListener;
import ai.equilibrium.train.TrainingLoop;
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
    this.schedule = Components.schedule(config.schedule(), assembly.game().idealAdversaryLoss());
  }

  /** Builds the experiment of {@code config}, with its players at their initial parameters. */
  public static Experiment<?, ?, ?> assemble(ExperimentConfig config) {
    return switch (config.game().type()) {
      case GAN -> gan(config);
      case DOMAIN_ADAPTATION -> new Experiment<>(config, DomainAdaptationAssembly.assemble(config));
    };
  }

  /** The GAN experiment of {@code config} ({@code game.type = gan}), typed for callers that need the GAN itself. */
  public static Experiment<GanGame, GanNetworks, DataShard> gan(ExperimentConfig config) {
    return new Experiment<>(config, GanAssembly.assemble(config));
  }

  /** The domain-adaptation experiment of {@code config} on {@code source} instead of the configured one. */
  static Experiment<DomainAdaptationGame, DomainAdaptationNetworks, DomainShard> domainAdaptation(
      ExperimentConfig config, DomainPairSource source) {
    return new Experiment<>(config, DomainAdaptationAssembly.assemble(config, source));
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
    return new TrainingLoop(backend, Components.updateOrder(config.train()), player(Player.MAIN),
        player(Player.ADVERSARY), schedule, game().idealAdversaryLoss(), Components.corrections(config.stabilize()),
        Components.guard(config.guard(), game().idealAdversaryLoss()), checkpoints, listeners);
  }
}
