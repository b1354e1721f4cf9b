package ai.equilibrium.nightly;

import ai.equilibrium.storage.RunDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A suite's history.csv: every seed's score of every entry on every night, and the nights an entry is judged by. */
public final class NightlyHistory {
  public static final String FILE = "history.csv";
  private static final String HEADER = "night,entry,seed,metric,value,diverged,regressed,config_hash,wall_seconds,"
      + "code_revision,data_hash,role,processor,status,detectable";
  /** Rows written before the code revision and the data hash were recorded have the first nine fields. */
  private static final int FIELDS_BEFORE_PROVENANCE = 9;
  /** Rows written before fresh seeds have the first eleven. */
  private static final int FIELDS_BEFORE_ROLES = 11;
  private static final int FIELDS = 15;

  private NightlyHistory() {}

  /**
   * What a seed's run was for: a fresh seed of the night's first look, an extra seed of its second, the canary
   * (the same seed every night), or a fixed seed of a history from before fresh seeds.
   */
  public enum Role {
    FRESH, EXTRA, CANARY, FIXED;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Role of(String key) {
      return valueOf(key.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * One seed's score of one entry on one night: a row of the history.
   *
   * @param processor  the processor kind the night ran on ({@code ProcessorKind}), which decides a run's bits
   * @param status     the entry's verdict that night
   * @param detectable the worsening that night could detect with 80% power, relative to the band's mean
   */
  public record Row(String night, String entry, long seed, String metric, double value, boolean diverged,
      boolean regressed, String configHash, double wallSeconds, String codeRevision, String dataHash, Role role,
      String processor, String status, double detectable) {
    public Row {
      processor = processor.replace(',', ';');
    }
  }

  /** The suite's rows, oldest first as written; none for a new suite. */
  public static List<Row> read(RunDirectory suite) {
    List<Row> rows = new ArrayList<>();
    List<String> lines = suite.readLines(FILE);
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",", -1);
      if (f.length != FIELDS_BEFORE_PROVENANCE && f.length != FIELDS_BEFORE_ROLES && f.length != FIELDS) {
        throw new IllegalArgumentException(suite.path(FILE) + " line " + (i + 1) + " has " + f.length
            + " fields, expected " + FIELDS + ": " + lines.get(i));
      }
      boolean provenance = f.length > FIELDS_BEFORE_PROVENANCE;
      boolean roles = f.length == FIELDS;
      boolean regressed = Boolean.parseBoolean(f[6]);
      rows.add(new Row(f[0], f[1], Long.parseLong(f[2]), f[3], Double.parseDouble(f[4]), Boolean.parseBoolean(f[5]),
          regressed, f[7], Double.parseDouble(f[8]), provenance ? f[9] : "unknown", provenance ? f[10] : "unknown",
          roles ? Role.of(f[11]) : Role.FIXED, roles ? f[12] : "unknown",
          roles ? f[13] : regressed ? RegressionCheck.Status.REGRESSED.name() : "", roles && !f[14].isEmpty()
          ? Double.parseDouble(f[14]) : Double.NaN));
    }
    return rows;
  }

  public static String csv(List<Row> rows) {
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    for (Row r : rows) {
      b.append(r.night()).append(',').append(r.entry()).append(',').append(r.seed()).append(',').append(r.metric())
          .append(',').append(r.value()).append(',').append(r.diverged()).append(',').append(r.regressed()).append(',')
          .append(r.configHash()).append(',').append(String.format(Locale.ROOT, "%.1f", r.wallSeconds())).append(',')
          .append(r.codeRevision()).append(',').append(r.dataHash()).append(',').append(r.role().key()).append(',')
          .append(r.processor()).append(',').append(r.status()).append(',')
          .append(Double.isFinite(r.detectable()) ? String.format(Locale.ROOT, "%.4f", r.detectable()) : "")
          .append('\n');
    }
    return b.toString();
  }

  /** The entry's earlier nights, oldest first, as {@link RegressionCheck} reads them: the canary left out. */
  public static List<RegressionCheck.Night> nights(List<Row> history, String entry) {
    Map<String, List<Row>> byNight = new TreeMap<>();
    history.stream().filter(r -> r.entry().equals(entry) && r.role() != Role.CANARY)
        .forEach(r -> byNight.computeIfAbsent(r.night(), n -> new ArrayList<>()).add(r));
    List<RegressionCheck.Night> out = new ArrayList<>();
    byNight.forEach((night, rows) -> {
      Map<Long, Double> scores = new LinkedHashMap<>();
      rows.stream().filter(r -> !r.diverged() && Double.isFinite(r.value())).forEach(r -> scores.put(r.seed(),
          r.value()));
      out.add(new RegressionCheck.Night(night, scores, rows.stream().anyMatch(Row::diverged),
          rows.stream().anyMatch(Row::regressed), rows.get(0).codeRevision()));
    });
    return out;
  }

  /** The entry's canary runs, oldest first. */
  public static List<Row> canaries(List<Row> history, String entry) {
    return history.stream().filter(r -> r.entry().equals(entry) && r.role() == Role.CANARY).toList();
  }
}
