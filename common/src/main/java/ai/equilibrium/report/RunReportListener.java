package ai.equilibrium.report;

import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.DivergenceStop;
import ai.equilibrium.train.PeriodicListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Regenerates report.html on the evaluation schedule, at the end of the run (registered after them) and when
 * the divergence guard stops it (after metrics.jsonl recorded the stop). The report is derived from files the
 * run keeps, so a failure to write it is logged and training goes on.
 */
public final class RunReportListener extends PeriodicListener {
  private static final Logger LOG = LoggerFactory.getLogger(RunReportListener.class);
  private final RunDirectory run;
  private final String title;

  /** @param every steps between reports (the evaluation schedule), 0 for the end only */
  public RunReportListener(RunDirectory run, String title, int every) {
    super(every);
    this.run = run;
    this.title = title;
  }

  @Override
  protected void act(long step, TrainingState state, boolean last) {
    write();
  }

  @Override
  public void onDivergenceStop(DivergenceStop stop, TrainingState state) {
    write();
  }

  private void write() {
    try {
      RunReport.write(run, title);
    } catch (RuntimeException e) {
      LOG.warn("{}/{} was not updated: {} (submit-scripts/report rewrites it from the run's files)", run.location(),
          RunReport.FILE, e.getMessage());
    }
  }
}
