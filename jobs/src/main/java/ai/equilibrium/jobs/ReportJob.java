package ai.equilibrium.jobs;

import ai.equilibrium.report.RunReport;
import ai.equilibrium.storage.RunDirectory;
import java.io.PrintStream;
import java.util.Set;

/**
 * Writes (or rewrites) report.html of a run directory from what the run wrote so far; a running job's
 * directory works too.
 */
public final class ReportJob {
  private ReportJob() {}

  static final JobMain.Spec SPEC = new JobMain.Spec(
      "usage: report RUN_DIR   (any Hadoop path: file:, hdfs:, s3a:)", Set.of(), Set.of(), ReportJob::run);

  public static void main(String[] args) {
    JobMain.main(args, SPEC);
  }

  private static ExitStatus run(JobArguments args, PrintStream out) {
    String location = args.positionals(1, "one run directory").get(0);
    RunDirectory run = new RunDirectory(location);
    String name = location.replaceAll("/+$", "");
    RunReport.write(run, name.substring(name.lastIndexOf('/') + 1));
    out.println("equilibrium: wrote " + run.location() + "/" + RunReport.FILE);
    return ExitStatus.OK;
  }
}
