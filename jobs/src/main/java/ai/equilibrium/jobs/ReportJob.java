package ai.equilibrium.jobs;

import ai.equilibrium.report.RunReport;
import ai.equilibrium.storage.RunDirectory;

/**
 * Writes (or rewrites) report.html of a run directory from what the run wrote so far; a running job's
 * directory works too.
 */
public final class ReportJob {
  private ReportJob() {}

  public static void main(String[] args) {
    if (args.length != 1 || args[0].startsWith("-")) {
      System.err.println("usage: ai.equilibrium.jobs.ReportJob RUN_DIR   (any Hadoop path: file:, hdfs:, s3a:)");
      System.exit(args.length == 1 && (args[0].equals("--help") || args[0].equals("-h")) ? 0 : 2);
    }
    RunDirectory run = new RunDirectory(args[0]);
    String name = args[0].replaceAll("/+$", "");
    RunReport.write(run, name.substring(name.lastIndexOf('/') + 1));
    System.out.println("equilibrium: wrote " + run.location() + "/" + RunReport.FILE);
  }
}
