package ai.equilibrium.jobs;

import ai.equilibrium.storage.FolderLease;
import ai.equilibrium.sweep.SweepFiles;
import ai.equilibrium.sweep.SweepSpec;
import java.io.PrintStream;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs a random-search sweep ({@code submit-scripts/sweep SWEEP.conf [key=value ...]}, keys in
 * {@code sweep-defaults.conf}) with {@link SweepRunner}: every trial of every arm that has no outcome yet, then the
 * results table, the report and each arm's expected best score of k trials.
 */
public final class SweepJob {
  static final JobMain.Spec SPEC = new JobMain.Spec(
      "usage: sweep SWEEP.conf [key=value ...]   (keys: sweep-defaults.conf)", Set.of(), Set.of(), SweepJob::run);

  private SweepJob() {}

  public static void main(String[] args) {
    JobMain.main(args, SPEC);
  }

  private static ExitStatus run(JobArguments args, PrintStream out) {
    SweepSpec spec = SweepFiles.load(args.positionals(1, "one sweep file").get(0), args.assignments());
    try (FolderLease lease = FolderLease.acquire(spec.directory(), "the sweep " + spec.name(), out);
        JavaSparkContext sc = SparkSessions.create(spec.sparkMaster(), spec.sparkConf(), "equilibrium-sweep-"
            + spec.name())) {
      SweepRunner.run(spec, sc, out);
    }
    return ExitStatus.OK;
  }
}
