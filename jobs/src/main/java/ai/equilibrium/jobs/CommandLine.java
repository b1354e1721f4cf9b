package ai.equilibrium.jobs;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments every job takes: {@code [--config FILE] [key=value ...]}; the overrides use HOCON syntax and
 * win over the file.
 *
 * @param config    the experiment file, or null for the defaults
 * @param overrides key=value pairs in order
 * @param help      whether usage was asked for
 */
record CommandLine(String config, List<String> overrides, boolean help) {

  static CommandLine parse(String[] args) {
    String config = null;
    List<String> overrides = new ArrayList<>();
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        help = true;
      } else if (a.equals("--config")) {
        if (i + 1 == args.length) {
          throw new IllegalArgumentException("--config needs a file name");
        }
        config = args[++i];
      } else if (a.startsWith("--config=")) {
        config = a.substring("--config=".length());
      } else if (a.contains("=") && !a.startsWith("-")) {
        overrides.add(a);
      } else {
        throw new IllegalArgumentException("unexpected argument '" + a + "'; expected --config FILE or key=value");
      }
    }
    return new CommandLine(config, List.copyOf(overrides), help);
  }

  static String usage(String mainClass) {
    return "usage: " + mainClass + " [--config FILE] [key=value ...]\n"
        + "  FILE        a HOCON experiment, for example conf/fashion-mnist-dcgan.conf\n"
        + "  key=value   overrides, for example run.steps=200 train.batch-size=128 spark.master=local[2]";
  }
}
