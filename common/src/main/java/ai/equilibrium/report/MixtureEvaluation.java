package ai.equilibrium.report;

import ai.equilibrium.data.GaussianMixtureSource;
import ai.equilibrium.game.GanGame;
import ai.equilibrium.game.GanNetworks;
import ai.equilibrium.metrics.ModeCoverage;
import ai.equilibrium.step.Player;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.StepMetrics;
import ai.equilibrium.train.TrainingListener;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores a generator on a Gaussian mixture every N steps and at the end: modes covered and the fraction of
 * high-quality samples, appended to eval.jsonl and printed.
 */
public final class MixtureEvaluation implements TrainingListener {
  public static final String FILE = EvaluationLog.FILE;
  private static final long SEED = 0xE7A1L;

  private final GanGame game;
  private final GanNetworks networks;
  private final GaussianMixtureSource mixture;
  private final int every;
  private final int samples;
  private final PrintStream out;
  private final EvaluationLog log;

  /** @param networks the driver's scratch networks of this game (parameters are overwritten) */
  public MixtureEvaluation(GanGame game, GanNetworks networks, GaussianMixtureSource mixture, RunDirectory run,
      int every, int samples, PrintStream out) {
    this.game = game;
    this.networks = networks;
    this.mixture = mixture;
    this.log = new EvaluationLog(run);
    this.every = every;
    this.samples = samples;
    this.out = out;
  }

  @Override
  public void onStep(StepMetrics m, TrainingState state) {
    if (TrainingListener.due(m, every)) {
      evaluate(m.step(), state);
    }
  }

  @Override
  public void onEnd(long steps, TrainingState state) {
    ModeCoverage coverage = evaluate(steps, state);
    out.printf("equilibrium: modes covered %d/%d, high-quality samples %.3f%n", coverage.modesCovered(),
        coverage.modes(), coverage.highQualityFraction());
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
