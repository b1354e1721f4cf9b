package ai.equilibrium.jobs;

import ai.equilibrium.metrics.WelchTest;
import ai.equilibrium.report.EvaluationLog;
import ai.equilibrium.storage.RunDirectory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compares the arms of a seed experiment by one score of their final evaluation: a Markdown table of each
 * arm's mean ± sample standard deviation over its runs (one per seed), range and per-run values, and
 * Welch's t-test between two named arms. Reads the last line of each run's eval.jsonl; needs no Spark.
 *
 * <pre>
 * usage: CompareArmsJob --metric NAME [--compare ARM_A,ARM_B] ARM=RUN_DIR[,RUN_DIR...] ...
 * </pre>
 */
public final class CompareArmsJob {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CompareArmsJob() {}

  static final JobMain.Spec SPEC = new JobMain.Spec(
      "usage: CompareArmsJob --metric NAME [--compare ARM_A,ARM_B] ARM=RUN_DIR[,RUN_DIR...] ...",
      Set.of("metric", "compare"), Set.of(), CompareArmsJob::run);

  public static void main(String[] args) {
    JobMain.main(args, SPEC);
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    return JobMain.run(args, SPEC, out, err);
  }

  private static ExitStatus run(JobArguments args, PrintStream out) {
    String metric = args.option("metric").orElseThrow(() -> new IllegalArgumentException("--metric is missing; "
        + SPEC.usage()));
    String[] compare = args.option("compare").map(c -> c.split(",")).orElse(null);
    if (compare != null && compare.length != 2) {
      throw new IllegalArgumentException("--compare names two arms, ARM_A,ARM_B; got '" + args.option("compare").get()
          + "'");
    }
    if (!args.positionals().isEmpty() || args.assignments().isEmpty()) {
      throw new IllegalArgumentException(SPEC.usage());
    }
    Map<String, double[]> scores = new LinkedHashMap<>();
    for (String arm : args.assignments()) {
      List<String> runs = List.of(arm.substring(arm.indexOf('=') + 1).split(","));
      double[] values = new double[runs.size()];
      for (int r = 0; r < values.length; r++) {
        try {
          values[r] = finalScore(runs.get(r), metric);
        } catch (UncheckedIOException e) {
          throw new IllegalArgumentException(e.getMessage(), e);
        }
      }
      scores.put(arm.substring(0, arm.indexOf('=')), values);
    }
    if (compare != null) {
      for (String name : compare) {
        if (!scores.containsKey(name)) {
          throw new IllegalArgumentException("--compare names arm '" + name + "', which is not among " + scores.keySet());
        }
      }
    }
    out.print(table(metric, scores, compare));
    return ExitStatus.OK;
  }

  static String table(String metric, Map<String, double[]> scores, String[] compare) {
    StringBuilder s = new StringBuilder();
    s.append("| arm | runs | ").append(metric).append(" mean ± sd | min | max | per run |\n|---|---|---|---|---|---|\n");
    scores.forEach((arm, values) -> {
      WelchTest.Summary summary = WelchTest.Summary.of(values);
      List<String> each = new ArrayList<>();
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double v : values) {
        each.add(String.format(Locale.ROOT, "%.4f", v));
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      s.append(String.format(Locale.ROOT, "| %s | %d | %.4f ± %.4f | %.4f | %.4f | %s |%n", arm, values.length,
          summary.mean(), summary.sd(), min, max, String.join(", ", each)));
    });
    if (compare != null) {
      WelchTest test = WelchTest.of(scores.get(compare[0]), scores.get(compare[1]));
      s.append(String.format(Locale.ROOT, "%nWelch's t-test, %s against %s: difference of means %+.4f, t = %.3f, "
          + "df = %.1f, two-sided p = %.4f%n", compare[0], compare[1], test.a().mean() - test.b().mean(), test.t(),
          test.df(), test.pValue()));
    }
    return s.toString();
  }

  private static double finalScore(String runDirectory, String metric) {
    RunDirectory run = RunDirectory.existing(runDirectory);
    List<String> lines = run.readLines(EvaluationLog.FILE);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(run.path(EvaluationLog.FILE) + " holds no evaluation");
    }
    try {
      JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
      JsonNode value = last.get(metric);
      if (value == null || !value.isNumber()) {
        throw new IllegalArgumentException(run.path(EvaluationLog.FILE) + " has no number '" + metric
            + "' in its last line");
      }
      return value.asDouble();
    } catch (IOException e) {
      throw new IllegalArgumentException(run.path(EvaluationLog.FILE) + " ends in a line that is not JSON: "
          + e.getMessage());
    }
  }
}
