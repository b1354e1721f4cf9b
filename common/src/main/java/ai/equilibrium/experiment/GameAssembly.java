package ai.equilibrium.experiment;

import ai.equilibrium.backend.ShardExecutor;
import ai.equilibrium.checkpoint.Checkpointer;
import ai.equilibrium.checkpoint.ModelExport;
import ai.equilibrium.data.DataSource;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.step.Player;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.PlayerState;
import ai.equilibrium.train.TrainingListener;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One game built from its configuration: the game with its data, both players at their initial parameters,
 * and what the game writes and scores. {@code game.type} chooses the assembly ({@link GameType}); the loop, the
 * backends and the jobs see only this interface.
 *
 * @param <G> the game
 * @param <N> the game's networks
 * @param <S> the game's data shard
 */
public interface GameAssembly<G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> {

  G game();

  /** The training data, loaded partition by partition where the backend computes. */
  DataSource<S> source();

  /** A player's driver-side state: parameters, optimizer, reparameterization. */
  PlayerState player(Player player);

  /**
   * The game's artefacts, after the metrics log and the progress line and before the checkpoints: samples,
   * evaluations (a best checkpoint through {@code checkpoints}), report.html. Evaluations that need the data
   * partitions run on {@code executor}.
   */
  List<TrainingListener> artefacts(RunDirectory run, PrintStream out, ShardExecutor<G, N, S> executor,
      Checkpointer checkpoints);

  /** The model files each checkpoint carries. */
  ModelExport models();

  /** The files a person looks at after a run of {@code steps} steps: a label, and the path in the run directory. */
  Map<String, String> results(long steps);

  /**
   * The game's evaluation of the players in {@code state} (FID for image GANs), on {@code executor}'s partitions.
   * Writes nothing.
   */
  Map<String, Object> score(TrainingListener.TrainingState state, ShardExecutor<G, N, S> executor);

  /** The references {@link #scoreReference} knows (none for a game without any). */
  default List<String> references() {
    return List.of();
  }

  /**
   * The same evaluation of a reference that puts scores in context (for image GANs: "held-out" data, a floor,
   * or "noise", a ceiling).
   *
   * @throws IllegalArgumentException naming the references this game has
   */
  default Map<String, Object> scoreReference(String reference, ShardExecutor<G, N, S> executor) {
    throw new IllegalArgumentException("this game has no reference sets" + (references().isEmpty() ? ""
        : " but " + references()) + ", got '" + reference + "'");
  }

  /**
   * The files this game writes into a run directory besides the metrics, evaluations, report and checkpoints
   * every run has; a new run of the same name replaces them.
   */
  default List<String> runFiles() {
    return List.of();
  }
}
