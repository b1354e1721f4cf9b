package ai.equilibrium.jobs;

import ai.equilibrium.storage.RunDirectory;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The best-response study's rows over runs and checkpoints as one Markdown table: per form and checkpoint, the
 * cosine of its correction to the exact one (mean ± sample sd, and how often it is positive) and its norm ratio
 * (median and range); for the exact form, its solver's residual and its size against the uncorrected gradient.
 */
final class BestResponseStudySummary {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BestResponseStudySummary() {}

  /** The rows a run's study file holds. */
  static List<Map<String, Object>> read(String runDir, String file) {
    RunDirectory run = RunDirectory.existing(runDir);
    if (!run.exists(file)) {
      throw new IllegalArgumentException(run.path(file) + " does not exist: run brc-study on it without --reuse");
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String line : run.readLines(file)) {
      try {
        rows.add(JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() {}));
      } catch (IOException e) {
        throw new UncheckedIOException(run.path(file) + ": " + e.getMessage(), e);
      }
    }
    return rows;
  }

  static String markdown(List<Map<String, Object>> rows) {
    Map<String, Map<String, List<Map<String, Object>>>> byVariant = new LinkedHashMap<>();
    for (Map<String, Object> row : rows) {
      byVariant.computeIfAbsent((String) row.get("variant"), v -> new TreeMap<>(BestResponseStudySummary::byStep))
          .computeIfAbsent((String) row.get("checkpoint"), c -> new ArrayList<>()).add(row);
    }
    StringBuilder b = new StringBuilder("\n| form | checkpoint | n | cosine to exact, mean ± sd | cosine > 0 "
        + "| norm ratio to exact, median (min .. max) |\n|---|---|---|---|---|---|\n");
    byVariant.forEach((variant, byCheckpoint) -> byCheckpoint.forEach((checkpoint, group) -> {
      if (variant.equals("exact")) {
        double[] residual = values(group, r -> number(r, "brc_solver_residual"));
        double[] size = values(group, r -> number(r, "term_norm") / number(r, "gradient_norm"));
        b.append(String.format(Locale.ROOT, "| exact | %s | %d | residual median %.3g (max %.3g) | | |F_D "
            + "term| / |F_G| median %.3g (%.3g .. %.3g) |%n", checkpoint, group.size(), median(residual),
            max(residual), median(size), min(size), max(size)));
        return;
      }
      double[] cosine = values(group, r -> number(r, "cosine_to_exact"));
      double[] ratio = values(group, r -> number(r, "norm_ratio_to_exact"));
      b.append(String.format(Locale.ROOT, "| %s | %s | %d | %.2f ± %.2f | %d of %d | %.3g (%.3g .. %.3g) |%n", variant,
          checkpoint, group.size(), mean(cosine), sd(cosine), Arrays.stream(cosine).filter(c -> c > 0).count(),
          cosine.length, median(ratio), min(ratio), max(ratio)));
    }));
    return b.toString();
  }

  private static int byStep(String a, String b) {
    return Long.compare(step(a), step(b));
  }

  private static long step(String checkpoint) {
    try {
      return Long.parseLong(checkpoint.substring(checkpoint.lastIndexOf('-') + 1));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private static double number(Map<String, Object> row, String key) {
    Object v = row.get(key);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static double[] values(List<Map<String, Object>> group, ToDoubleFunction<Map<String, Object>> f) {
    return group.stream().mapToDouble(f).filter(Double::isFinite).toArray();
  }

  private static double mean(double[] v) {
    return Arrays.stream(v).average().orElse(Double.NaN);
  }

  private static double sd(double[] v) {
    double m = mean(v);
    return v.length < 2 ? Double.NaN : Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }
}
