package ai.equilibrium.experiment;

import ai.equilibrium.checkpoint.CheckpointUnusable;
import ai.equilibrium.checkpoint.Checkpointer;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.step.Player;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.LoopCheckpoint;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A trained model: a run's experiment, from its config.conf, with both players restored from one of its
 * checkpoints. What the jobs that use a run after training (evaluate, generate, predict) start from.
 *
 * @param checkpoint the checkpoint's directory, relative to the run (checkpoints/step-N, checkpoints/best)
 */
public record SavedModel(RunDirectory run, String checkpoint, Experiment<?, ?, ?> experiment) {

  /**
   * Loads a run's newest trusted checkpoint, or the one named.
   *
   * @param location   a run directory, or a checkpoint directory in one (RUN/checkpoints/step-N)
   * @param checkpoint best or step-N, or null for the newest trusted one (or the one {@code location} names)
   * @param overrides  key=value pairs over the run's config (where data lives, how Spark runs)
   * @throws IllegalArgumentException naming the location when it holds no run or no such checkpoint
   */
  public static SavedModel load(String location, String checkpoint, List<String> overrides) {
    String trimmed = location.replaceAll("/+$", "");
    String marker = "/" + Checkpointer.DIRECTORY + "/";
    int inRun = trimmed.lastIndexOf(marker);
    if (inRun > 0 && checkpoint == null) {
      return load(trimmed.substring(0, inRun), trimmed.substring(inRun + marker.length()), overrides);
    }
    RunDirectory run = RunDirectory.existing(trimmed); // a mistyped path is not created
    String text = run.read("config.conf").map(b -> new String(b, StandardCharsets.UTF_8))
        .orElseThrow(() -> new IllegalArgumentException(run.location() + " has no config.conf: not a run directory"));
    ExperimentConfig config = ExperimentSchema.loadText(text, run.location() + "/config.conf", overrides);
    Experiment<?, ?, ?> experiment = Experiment.assemble(config);
    Checkpointer checkpoints = Checkpointer.reading(run);
    String directory = checkpoint != null ? Checkpointer.DIRECTORY + "/" + checkpoint
        : checkpoints.steps().stream().filter(s -> checkpoints.problem(Checkpointer.stepPath(s)).isEmpty())
            .findFirst().map(Checkpointer::stepPath)
            .orElseThrow(() -> new IllegalArgumentException(run.location() + " has no trusted checkpoints/step-N"));
    try {
      LoopCheckpoint saved = checkpoints.readModel(directory); // never trained on: no optimizer state
      for (Player player : Player.values()) { // a domain adaptation's evaluation includes its domain classifier
        experiment.player(player).restoreModel(saved.player(player));
      }
    } catch (CheckpointUnusable e) {
      throw new IllegalArgumentException(e.getMessage() + " (checkpoints: " + run.list(Checkpointer.DIRECTORY) + ")");
    }
    return new SavedModel(run, directory, experiment);
  }
}
