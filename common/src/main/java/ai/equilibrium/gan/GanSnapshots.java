package ai.equilibrium.gan;

import ai.equilibrium.report.SampleImages;
import ai.equilibrium.step.Player;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.PeriodicListener;

/**
 * A GAN's pictures: sample grids (samples/step-N.png, the same latent codes each time) on schedule and at the
 * end; over 2-D data, a scatter plot over the real points.
 */
public final class GanSnapshots extends PeriodicListener {
  /** The sample grids, one per snapshot. */
  public static final String DIRECTORY = "samples";
  private static final long SAMPLE_SEED = 0x5A3D1E5L;

  private final GanGame game;
  private final GanNetworks networks;
  private final RunDirectory run;
  private final int count;
  private final float[][] reference;

  /**
   * @param networks  the driver's scratch networks of this game (parameters are overwritten)
   * @param every     steps between sample grids, 0 for the end only
   * @param count     samples per grid
   * @param reference real samples drawn under 2-D point samples (may be empty)
   */
  public GanSnapshots(GanGame game, GanNetworks networks, RunDirectory run, int every, int count, float[][] reference) {
    super(every);
    this.game = game;
    this.networks = networks;
    this.run = run;
    this.count = count;
    this.reference = reference;
  }

  @Override
  protected void act(long step, TrainingState state, boolean last) {
    writeSamples(step, state);
  }

  /** Relative path of the sample grid of a step. */
  public static String samplesPath(long step) {
    return DIRECTORY + "/step-" + step + ".png";
  }

  private void writeSamples(long step, TrainingState state) {
    networks.setParameters(Player.MAIN, state.parameters(Player.MAIN).snapshot());
    float[][] samples = game.generate(networks, count, SAMPLE_SEED).toFloatMatrix();
    run.writeAtomically(samplesPath(step), out -> SampleImages.writePng(game.shape(), samples, reference, out));
  }
}
