package ai.equilibrium.report;

import ai.equilibrium.game.GanGame;
import ai.equilibrium.game.GanNetworks;
import ai.equilibrium.step.Player;
import ai.equilibrium.train.PlayerCheckpoint;
import ai.equilibrium.train.StepMetrics;
import ai.equilibrium.train.TrainingListener;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A GAN's artefacts in the run directory: sample grids (samples/step-N.png, the same latent codes each
 * time) on schedule and at the end, and at the end the generator and discriminator in DL4J's own
 * ModelSerializer format (checkpoints/step-N/), loadable with plain DL4J, computing exactly what training
 * computed (spectrally normalized weights included), beside each player's optimizer-side state.
 */
public final class GanSnapshots implements TrainingListener {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SAMPLE_SEED = 0x5A3D1E5L;

  private final GanGame game;
  private final GanNetworks networks;
  private final RunDirectory run;
  private final int every;
  private final int count;
  private final float[][] reference;

  /**
   * @param networks  the driver's scratch networks of this game (parameters are overwritten)
   * @param every     steps between sample grids, 0 for the end only
   * @param count     samples per grid
   * @param reference real samples drawn under 2-D point samples (may be empty)
   */
  public GanSnapshots(GanGame game, GanNetworks networks, RunDirectory run, int every, int count, float[][] reference) {
    this.game = game;
    this.networks = networks;
    this.run = run;
    this.every = every;
    this.count = count;
    this.reference = reference;
  }

  @Override
  public void onStep(StepMetrics m, TrainingState state) {
    if (TrainingListener.due(m, every)) {
      writeSamples(m.step(), state);
    }
  }

  @Override
  public void onEnd(long steps, TrainingState state) {
    writeSamples(steps, state);
    writeCheckpoint(checkpointPath(steps), steps, state);
  }

  /** Relative path of the sample grid of a step. */
  public static String samplesPath(long step) {
    return "samples/step-" + step + ".png";
  }

  /** Relative path of the checkpoint directory of a step. */
  public static String checkpointPath(long step) {
    return "checkpoints/step-" + step;
  }

  private void writeSamples(long step, TrainingState state) {
    networks.setParameters(Player.MAIN, state.parameters(Player.MAIN).snapshot());
    float[][] samples = game.generate(networks, count, SAMPLE_SEED).toFloatMatrix();
    run.writeAtomically(samplesPath(step), out -> SampleImages.writePng(game.shape(), samples, reference, out));
  }

  /**
   * Writes both players' models, their optimizer-side state and a manifest into {@code directory} (relative
   * to the run), atomically.
   */
  public void writeCheckpoint(String directory, long step, TrainingState state) {
    networks.setParameters(Player.MAIN, state.parameters(Player.MAIN).snapshot());
    networks.setParameters(Player.ADVERSARY, state.parameters(Player.ADVERSARY).snapshot());
    run.writeDirectoryAtomically(directory, dir -> {
      run.writeAtomically(dir + "/generator.zip", out -> ModelSerializer.writeModel(networks.generator().dl4j(), out, false));
      run.writeAtomically(dir + "/adversary.zip", out -> ModelSerializer.writeModel(networks.adversaryOnReal().dl4j(), out, false));
      run.writeAtomically(dir + "/" + PlayerCheckpoint.fileName(Player.MAIN), out -> state.player(Player.MAIN).checkpoint().write(out));
      run.writeAtomically(dir + "/" + PlayerCheckpoint.fileName(Player.ADVERSARY),
          out -> state.player(Player.ADVERSARY).checkpoint().write(out));
      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("step", step);
      manifest.put("format", "dl4j-model-serializer");
      manifest.put("files", List.of("generator.zip", "adversary.zip", PlayerCheckpoint.fileName(Player.MAIN),
          PlayerCheckpoint.fileName(Player.ADVERSARY)));
      manifest.put("generator_parameters", state.parameters(Player.MAIN).size());
      manifest.put("adversary_parameters", state.parameters(Player.ADVERSARY).size());
      run.writeAtomically(dir + "/manifest.json", out -> out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest)));
    });
  }
}
