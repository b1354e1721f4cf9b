package ai.equilibrium.jobs;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments every job takes: {@code [--config FILE] [--resume RUN_DIR] [--in-process] [key=value ...]}; the
 * overrides use HOCON syntax and win over the file.
 *
 * @param config    the experiment file, or null for the defaults (or, with --resume, the run's config.conf)
 * @param resume    the run directory to resume, or null for a new run
 * @param overrides key=value pairs in order
 * @param inProcess whether to train in this JVM without Spark, on the in-process backend
 * @param help      whether usage was asked for
 */
record CommandLine(String config, String resume, List<String> overrides, boolean inProcess, boolean help) {

  static CommandLine parse(String[] args) {
    String config = null;
    String resume = null;
    List<String> overrides = new ArrayList<>();
    boolean help = false;
    boolean inProcess = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        help = true;
      } else if (a.equals("--in-process")) {
        inProcess = true;
      } else if (a.equals("--config")) {
        if (i + 1 == args.length) {
          throw new IllegalArgumentException("--config needs a file name");
        }
        config = args[++i];
      } else if (a.startsWith("--config=")) {
        config = a.substring("--config=".length());
      } else if (a.equals("--resume")) {
        if (i + 1 == args.length) {
          throw new IllegalArgumentException("--resume needs a run directory");
        }
        resume = args[++i];
      } else if (a.startsWith("--resume=")) {
        resume = a.substring("--resume=".length());
      } else if (a.contains("=") && !a.startsWith("-")) {
        overrides.add(a);
      } else {
        throw new IllegalArgumentException("unexpected argument '" + a + "'; expected --config FILE, --resume RUN_DIR, "
            + "--in-process or key=value");
      }
    }
    return new CommandLine(config, resume, List.copyOf(overrides), inProcess, help);
  }

  static String usage(String mainClass) {
    return "usage: " + mainClass + " [--config FILE] [--resume RUN_DIR] [--in-process] [key=value ...]\n"
        + "  FILE        a HOCON experiment, for example conf/fashion-mnist-dcgan.conf\n"
        + "  RUN_DIR     a run to continue from its newest checkpoint, with its config.conf (only run.steps, the\n"
        + "              intervals, spark.master and spark.conf may change)\n"
        + "  --in-process  trains in this JVM without Spark: the same results bit for bit as Spark with the same\n"
        + "              train.partitions, without Spark's cost per step (for small models and seed sweeps)\n"
        + "  key=value   overrides, for example run.steps=200 train.batch-size=128 spark.master=local[2]";
  }
}
