package ai.equilibrium.jobs;

/**
 * The exit statuses of every job, so that a scheduler (cron, a CI step, Airflow) tells a failed check from bad
 * input and from a job that could not run. The JVM's own status for an uncaught exception (1) would read as a
 * failed check; {@link JobMain} never lets one through.
 */
public enum ExitStatus {
  /** Done. */
  OK(0),
  /** Ran, and a check it exists to make failed: a nightly regression. */
  CHECK_FAILED(1),
  /** The command line, a configuration, the data or an output location is wrong; the message names it. */
  BAD_INPUT(2),
  /**
   * Could not run to its end: a run that diverged beyond the guard's rollbacks, a folder another process is
   * writing, a failed Spark job, I/O.
   */
  COULD_NOT_RUN(3),
  /** Ran, and could not decide: a nightly entry worse by more than its minimum effect, not significantly. */
  INCONCLUSIVE(4);

  public final int code;

  ExitStatus(int code) {
    this.code = code;
  }
}
