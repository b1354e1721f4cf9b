package ai.equilibrium.report;

import ai.equilibrium.train.StepMetrics;
import ai.equilibrium.train.TrainingListener;

/** Regenerates report.html on the evaluation schedule and at the end of the run (registered after them). */
public final class RunReportListener implements TrainingListener {
  private final RunDirectory run;
  private final String title;
  private final int every;

  /** @param every steps between reports (the evaluation schedule), 0 for the end only */
  public RunReportListener(RunDirectory run, String title, int every) {
    this.run = run;
    this.title = title;
    this.every = every;
  }

  @Override
  public void onStep(StepMetrics m, TrainingState state) {
    if (every > 0 && m.step() % every == 0 && m.step() != m.totalSteps()) {
      RunReport.write(run, title);
    }
  }

  @Override
  public void onEnd(long steps, TrainingState state) {
    RunReport.write(run, title);
  }
}
