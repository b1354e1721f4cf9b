package ai.equilibrium.jobs;

import ai.equilibrium.report.MetricsLog;
import ai.equilibrium.report.RunReport;
import ai.equilibrium.report.RunSummary;
import ai.equilibrium.report.RunsPage;
import ai.equilibrium.storage.RunDirectory;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;

/**
 * Writes (or rewrites) report.html of a run directory from what the run wrote so far (a running job's directory
 * works too); given a folder of runs instead (a runs folder, a sweep, a nightly suite), writes its index.html, one
 * row per run under it.
 */
public final class ReportJob {
  private ReportJob() {}

  static final JobMain.Spec SPEC = new JobMain.Spec(
      "usage: report DIR   (a run directory: its report.html; a folder of runs: index.html listing them; any Hadoop "
          + "path: file:, hdfs:, s3a:)", Set.of(), Set.of(), ReportJob::run);

  public static void main(String[] args) {
    JobMain.main(args, SPEC);
  }

  private static ExitStatus run(JobArguments args, PrintStream out) {
    String location = args.positionals(1, "one run directory or folder of runs").get(0);
    RunDirectory dir = RunDirectory.existing(location);
    if (dir.exists("config.conf") || dir.exists(MetricsLog.FILE)) {
      RunReport.write(dir, new Path(dir.location()).getName());
      out.println("equilibrium: wrote " + dir.location() + "/" + RunReport.FILE);
    } else {
      List<RunSummary> runs = RunsPage.write(dir);
      out.println("equilibrium: wrote " + dir.location() + "/" + RunsPage.FILE + ": " + runs.size()
          + (runs.size() == 1 ? " run" : " runs") + " (" + RunsPage.counts(runs) + ")");
    }
    return ExitStatus.OK;
  }
}
