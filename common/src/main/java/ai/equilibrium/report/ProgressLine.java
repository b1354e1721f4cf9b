package ai.equilibrium.report;

import ai.equilibrium.train.RollbackEvent;
import ai.equilibrium.train.StepMetrics;
import ai.equilibrium.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line every N steps: step/total, iterations per second over the last window, time left,
 * losses, the adversary's learning-rate multiplier and the process's resident memory. The rate is the steps'
 * own time ({@link StepMetrics#millis}), not the wall clock between lines: the block backend hands a block's
 * steps over at once, so lines arrive in bursts.
 */
public final class ProgressLine implements TrainingListener {
  private final PrintStream out;
  private final int every;
  private double windowMillis;
  private long windowStartStep;

  public ProgressLine(PrintStream out, int every) {
    this.out = out;
    this.every = every;
  }

  @Override
  public void onStep(StepMetrics m, TrainingState state) {
    windowMillis += m.millis();
    if (every == 0 || (m.step() % every != 0 && m.step() != m.totalSteps())) {
      return;
    }
    double itPerSecond = windowMillis > 0 ? (m.step() - windowStartStep) / (windowMillis / 1e3) : 0;
    windowMillis = 0;
    windowStartStep = m.step();
    out.println(format(m, itPerSecond) + resident(ProcessMemory.now()));
  }

  @Override
  public void onRollback(RollbackEvent event, TrainingState state) {
    out.printf(Locale.ROOT, "equilibrium: step %d diverged (%s); rolled back to step %d with learning rates x%.4g "
        + "(rollback %d)%n", event.step(), event.reason(), event.toStep(), event.learningRateScale(), event.rollbacks());
    windowMillis = 0;
    windowStartStep = event.toStep();
  }

  static String format(StepMetrics m, double itPerSecond) {
    long left = m.totalSteps() - m.step();
    String eta = itPerSecond > 0 ? duration((long) Math.ceil(left / itPerSecond)) : "?";
    return String.format(Locale.ROOT, "step %d/%d (%3.0f%%) | %.2f it/s | ETA %s | loss adversary %.4f main %.4f | EMA %.4f (V* %.4f) | lr x%.3f",
        m.step(), m.totalSteps(), 100.0 * m.step() / m.totalSteps(), itPerSecond, eta, m.adversaryLoss(),
        m.mainLoss(), m.smoothedAdversaryLoss(), m.idealAdversaryLoss(), m.lrMultiplier());
  }

  static String resident(ProcessMemory memory) {
    return memory.residentMb() < 0 ? "" : String.format(Locale.ROOT, " | RSS %d MB", memory.residentMb());
  }

  static String duration(long seconds) {
    return seconds >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60)
        : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
  }
}
