package ai.equilibrium.gan;

import ai.equilibrium.data.GaussianMixtureSource;
import ai.equilibrium.metrics.ModeCoverage;
import ai.equilibrium.report.EvaluationLog;
import ai.equilibrium.step.Player;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.PeriodicListener;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a generator on a Gaussian mixture every N steps and at the end: modes covered and the fraction of
 * high-quality samples, appended to eval.jsonl and printed.
 */
public final class MixtureEvaluation extends PeriodicListener {
  public static final String FILE = EvaluationLog.FILE;
  private static final long SEED = 0xE7A1L;

  private final GanGame game;
  private final GanNetworks networks;
  private final GaussianMixtureSource mixture;
  private final int samples;
  private final PrintStream out;
  private final EvaluationLog log;
  private final List<String> computedOn;

  /**
   * @param networks   the driver's scratch networks of this game (parameters are overwritten)
   * @param computedOn the processor kinds that train the run
   */
  public MixtureEvaluation(GanGame game, GanNetworks networks, GaussianMixtureSource mixture, RunDirectory run,
      int every, int samples, List<String> computedOn, PrintStream out) {
    super(every);
    this.game = game;
    this.networks = networks;
    this.mixture = mixture;
    this.log = new EvaluationLog(run, computedOn);
    this.computedOn = computedOn;
    this.samples = samples;
    this.out = out;
  }

  @Override
  protected void act(long step, TrainingState state, boolean last) {
    ModeCoverage coverage = evaluate(step, state);
    if (last) {
      out.printf("equilibrium: modes covered %d/%d, high-quality samples %.3f%s%n", coverage.modesCovered(),
          coverage.modes(), coverage.highQualityFraction(), EvaluationLog.onProcessors(computedOn));
    }
  }

  private ModeCoverage evaluate(long step, TrainingState state) {
    networks.setParameters(Player.MAIN, state.parameters(Player.MAIN).snapshot());
    float[][] generated = game.generate(networks, samples, SEED).toFloatMatrix();
    ModeCoverage coverage = ModeCoverage.of(generated, mixture.centres(), mixture.standardDeviation());
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("step", step);
    row.put("samples", samples);
    row.put("modes_covered", coverage.modesCovered());
    row.put("modes", coverage.modes());
    row.put("high_quality_fraction", coverage.highQualityFraction());
    log.append(row);
    return coverage;
  }
}
