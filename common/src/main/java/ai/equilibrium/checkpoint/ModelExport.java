package ai.equilibrium.checkpoint;

import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.TrainingListener;
import java.util.Map;

/**
 * A game's networks as files a checkpoint carries beside the training state, loadable without Equilibrium
 * (a GAN's generator.zip and adversary.zip in DL4J's ModelSerializer format).
 */
@FunctionalInterface
public interface ModelExport {

  /**
   * The model files of the players in {@code state}, by file name, each written when its writer is called (in
   * order, one at a time).
   */
  Map<String, RunDirectory.Writer> files(TrainingListener.TrainingState state);

  ModelExport NONE = state -> Map.of();
}
