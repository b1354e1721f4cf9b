package ai.equilibrium.nightly;

import ai.equilibrium.storage.RunDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A suite's history.csv: every seed's score of every entry on every night, and the nights an entry is judged by. */
public final class NightlyHistory {
  public static final String FILE = "history.csv";
  private static final String HEADER = "night,entry,seed,metric,value,diverged,regressed,config_hash,wall_seconds,"
      + "code_revision,data_hash";
  /** Rows written before the code revision and the data hash were recorded have the first nine fields. */
  private static final int FIELDS_BEFORE_PROVENANCE = 9;

  private NightlyHistory() {}

  /** One seed's score of one entry on one night: a row of the history. */
  public record Row(String night, String entry, long seed, String metric, double value, boolean diverged,
      boolean regressed, String configHash, double wallSeconds, String codeRevision, String dataHash) {}

  /** The suite's rows, oldest first as written; none for a new suite. */
  public static List<Row> read(RunDirectory suite) {
    List<Row> rows = new ArrayList<>();
    List<String> lines = suite.readLines(FILE);
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",", -1);
      if (f.length != FIELDS_BEFORE_PROVENANCE && f.length != FIELDS_BEFORE_PROVENANCE + 2) {
        throw new IllegalArgumentException(suite.path(FILE) + " line " + (i + 1) + " has " + f.length
            + " fields, expected 11: " + lines.get(i));
      }
      boolean recorded = f.length > FIELDS_BEFORE_PROVENANCE;
      rows.add(new Row(f[0], f[1], Long.parseLong(f[2]), f[3], Double.parseDouble(f[4]), Boolean.parseBoolean(f[5]),
          Boolean.parseBoolean(f[6]), f[7], Double.parseDouble(f[8]), recorded ? f[9] : "unknown",
          recorded ? f[10] : "unknown"));
    }
    return rows;
  }

  public static String csv(List<Row> rows) {
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    for (Row r : rows) {
      b.append(r.night()).append(',').append(r.entry()).append(',').append(r.seed()).append(',').append(r.metric())
          .append(',').append(r.value()).append(',').append(r.diverged()).append(',').append(r.regressed()).append(',')
          .append(r.configHash()).append(',').append(String.format(Locale.ROOT, "%.1f", r.wallSeconds())).append(',')
          .append(r.codeRevision()).append(',').append(r.dataHash()).append('\n');
    }
    return b.toString();
  }

  /** The entry's earlier nights, oldest first, as {@link RegressionCheck} reads them. */
  public static List<RegressionCheck.Night> nights(List<Row> history, String entry) {
    Map<String, List<Row>> byNight = new TreeMap<>();
    history.stream().filter(r -> r.entry().equals(entry)).forEach(r -> byNight.computeIfAbsent(r.night(),
        n -> new ArrayList<>()).add(r));
    List<RegressionCheck.Night> out = new ArrayList<>();
    byNight.forEach((night, rows) -> out.add(new RegressionCheck.Night(night, rows.stream()
        .filter(r -> !r.diverged() && Double.isFinite(r.value())).mapToDouble(Row::value).toArray(),
        rows.stream().anyMatch(Row::diverged), rows.stream().anyMatch(Row::regressed))));
    return out;
  }
}
