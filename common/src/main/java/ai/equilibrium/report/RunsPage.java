package ai.equilibrium.report;

import ai.equilibrium.report.RunSummary.Status;
import ai.equilibrium.storage.RunDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;

/**
 * index.html of a folder of runs (a runs folder, a sweep, a nightly suite): one row per run found under it, with
 * its settings, steps, status and scores and a relative link to its report.html; sortable by any column with a
 * little inline script, and self-contained (no server, nothing fetched). {@code index.html#sort=best-desc} opens
 * it sorted, which also lets a headless browser check the sorting.
 */
public final class RunsPage {
  public static final String FILE = "index.html";

  private RunsPage() {}

  /** One column: its key (for #sort=KEY), its title, and whether it sorts as numbers. */
  private record Column(String key, String title, boolean numeric) {}

  private static final List<Column> COLUMNS = List.of(new Column("run", "run", false),
      new Column("game", "game", false), new Column("loss", "loss", false),
      new Column("optimizers", "optimizers (main / adversary)", false), new Column("schedule", "schedule", false),
      new Column("stabilizers", "stabilizers", false), new Column("steps", "steps", true),
      new Column("status", "status", false), new Column("metric", "score", false),
      new Column("best", "best", true), new Column("final", "final", true));

  /**
   * Reads every run under {@code folder} and writes its index.html atomically, titled with the folder's name;
   * returns the runs listed.
   */
  public static List<RunSummary> write(RunDirectory folder) {
    String title = new Path(folder.location()).getName();
    List<RunSummary> runs = RunFolders.under(folder).stream()
        .map(found -> found.problem().map(why -> RunSummary.unreadable(found.path(), why))
            .orElseGet(() -> RunSummary.read(folder.subdirectory(found.path()), found.path(),
                found.enclosingHolder())))
        .toList();
    folder.writeText(FILE, render(title, runs, Instant.now()));
    return runs;
  }

  /** How many runs there are of each status, for a line of output: "3 finished, 1 running". */
  public static String counts(List<RunSummary> runs) {
    Map<Status, Long> byStatus = runs.stream().collect(Collectors.groupingBy(RunSummary::status,
        () -> new EnumMap<>(Status.class), Collectors.counting()));
    return byStatus.isEmpty() ? "none" : byStatus.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().label())
        .collect(Collectors.joining(", "));
  }

  static String render(String title, List<RunSummary> runs, Instant written) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>runs: ")
        .append(escape(title)).append("</title>\n<style>\n").append(STYLE).append("</style></head><body>\n")
        .append("<h1>runs: ").append(escape(title)).append("</h1>\n<p>").append(runs.size())
        .append(runs.size() == 1 ? " run" : " runs").append(" (").append(counts(runs)).append("), written ")
        .append(written.truncatedTo(ChronoUnit.SECONDS)).append(". A run is a folder with a config.conf, searched ")
        .append(RunFolders.MAX_DEPTH).append(" levels down. Click a column's title to sort by it; ")
        .append("<code>index.html#sort=best-desc</code> opens the page sorted.</p>\n");
    html.append("<table id=\"runs\">\n<thead><tr>");
    for (Column c : COLUMNS) {
      html.append("<th data-key=\"").append(c.key()).append("\"").append(c.numeric() ? " data-numeric" : "")
          .append(" aria-sort=\"none\">").append(escape(c.title())).append("</th>");
    }
    html.append("</tr></thead>\n<tbody>\n");
    runs.forEach(run -> row(html, run));
    html.append("</tbody>\n</table>\n");
    if (runs.isEmpty()) {
      html.append("<p>No runs here.</p>\n");
    }
    return html.append("<script>\n").append(SCRIPT).append("</script>\n</body></html>\n").toString();
  }

  private static void row(StringBuilder html, RunSummary run) {
    Optional<RunSettings> s = run.settings();
    html.append("<tr class=\"run s-").append(run.status().label()).append("\" data-run=\"").append(escape(run.path()))
        .append("\">");
    String name = escape(run.path()).replace("/", "/<wbr>"); // long paths break between folders only
    cell(html, "run", run.path(), run.hasReport()
        ? "<a href=\"" + escape(link(run.path())) + "\">" + name + "</a>"
        : name + " <span class=\"note\">(no report.html)</span>", null);
    Function<Function<RunSettings, String>, String> setting = f -> s.map(f).map(RunsPage::escape).orElse("");
    cell(html, "game", null, setting.apply(RunSettings::game), null);
    cell(html, "loss", null, setting.apply(RunSettings::loss), null);
    cell(html, "optimizers", null, setting.apply(RunSettings::optimizers), null);
    cell(html, "schedule", null, setting.apply(RunSettings::schedule), null);
    cell(html, "stabilizers", null, setting.apply(RunSettings::stabilizers), null);
    cell(html, "steps", String.valueOf(run.stepsDone()), run.stepsDone() + s.map(x -> " / " + x.steps()).orElse(""),
        null);
    cell(html, "status", run.status().label(), "<span class=\"badge\">" + run.status().label() + "</span>"
        + (run.detail().isEmpty() ? "" : " <span class=\"note\">" + escape(run.detail()) + "</span>"), null);
    Optional<RunScore> score = run.score();
    cell(html, "metric", score.map(RunScore::metric).orElse(""), score.map(x -> escape(x.metric())
        + (x.lowerIsBetter() ? " ↓" : " ↑")).orElse(""), score.map(x -> x.lowerIsBetter() ? "lower is better"
        : "higher is better").orElse(null));
    double best = score.map(RunScore::best).orElse(Double.NaN);
    double last = score.map(RunScore::last).orElse(Double.NaN);
    cell(html, "best", sortable(best), score.isPresent() ? RunSettings.number(best, 4) : "",
        score.filter(x -> x.bestStep() >= 0).map(x -> "at step " + x.bestStep()).orElse(null));
    cell(html, "final", sortable(last), score.isPresent() ? RunSettings.number(last, 4) : "",
        score.map(x -> "at step " + x.lastStep()).orElse(null));
    html.append("</tr>\n");
  }

  /** A cell: its column's class, the value it sorts by (its text when null), its content, a tooltip. */
  private static void cell(StringBuilder html, String key, String sortValue, String content, String tooltip) {
    html.append("<td class=\"c-").append(key).append("\"");
    if (sortValue != null) {
      html.append(" data-sort=\"").append(escape(sortValue)).append("\"");
    }
    if (tooltip != null) {
      html.append(" title=\"").append(escape(tooltip)).append("\"");
    }
    html.append(">").append(content).append("</td>");
  }

  /** A number to sort by; empty (sorted last) when there is none. */
  private static String sortable(double v) {
    return Double.isFinite(v) ? String.valueOf(v) : "";
  }

  /** The relative link to a run's report.html, each path segment percent-encoded (':' would read as a scheme). */
  static String link(String path) {
    StringBuilder url = new StringBuilder();
    for (String segment : path.split("/")) {
      for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
        char c = (char) (b & 0xff);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
          url.append(c);
        } else {
          url.append('%').append(String.format("%02X", b & 0xff));
        }
      }
      url.append('/');
    }
    return url.append(RunReport.FILE).toString();
  }

  private static String escape(String s) {
    return HtmlCharts.escape(s);
  }

  private static final String STYLE = """
      body { font-family: system-ui, sans-serif; margin: 24px; color: #222; }
      table { border-collapse: collapse; font-size: 13px; }
      th, td { padding: 4px 8px; border-bottom: 1px solid #e4e4e4; text-align: left; vertical-align: top; }
      th { background: #f3f3f3; cursor: pointer; user-select: none; white-space: nowrap; position: sticky; top: 0; }
      th[aria-sort=ascending]::after { content: " \\25B2"; } th[aria-sort=descending]::after { content: " \\25BC"; }
      td.c-steps, td.c-best, td.c-final { text-align: right; font-variant-numeric: tabular-nums; }
      td.c-run, td.c-game, td.c-loss, td.c-schedule, td.c-steps, td.c-metric, td.c-best, td.c-final { white-space: nowrap; }
      tr:hover td { background: #fafaf0; }
      .note { color: #666; font-size: 12px; }
      .badge { display: inline-block; padding: 1px 6px; border-radius: 8px; color: #fff; background: #888; }
      .s-finished .badge { background: #2e7d32; } .s-running .badge { background: #1565c0; }
      .s-diverged .badge { background: #c62828; } .s-stopped .badge { background: #ef6c00; }
      .s-unreadable .badge { background: #616161; }
      code { background: #f3f3f3; padding: 0 3px; }
      """;

  /**
   * Sorts the rows by a column when its title is clicked (again: the other way), numbers as numbers, empty cells
   * last either way; applies #sort=KEY or #sort=KEY-desc; marks the table with what it is sorted by.
   */
  private static final String SCRIPT = """
      (function () {
        var table = document.getElementById('runs');
        var body = table.tBodies[0];
        var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
        function value(row, i) {
          var cell = row.cells[i];
          return cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent.trim();
        }
        function sortBy(i, descending) {
          var numeric = heads[i].hasAttribute('data-numeric');
          var rows = Array.prototype.slice.call(body.rows);
          rows.forEach(function (row, k) { row.order = k; });
          rows.sort(function (a, b) {
            var x = value(a, i), y = value(b, i);
            if (x === '' || y === '') { return x === y ? a.order - b.order : (x === '' ? 1 : -1); }
            var c = numeric ? parseFloat(x) - parseFloat(y)
                : x.localeCompare(y, undefined, {numeric: true, sensitivity: 'base'});
            return (descending ? -c : c) || a.order - b.order;
          });
          rows.forEach(function (row) { body.appendChild(row); });
          heads.forEach(function (h, j) {
            h.setAttribute('aria-sort', j === i ? (descending ? 'descending' : 'ascending') : 'none');
          });
          table.setAttribute('data-sorted', heads[i].getAttribute('data-key') + (descending ? '-desc' : '-asc'));
        }
        heads.forEach(function (h, i) {
          h.addEventListener('click', function () { sortBy(i, h.getAttribute('aria-sort') === 'ascending'); });
        });
        var wanted = /sort=([a-z]+)(-desc|-asc)?/.exec(window.location.hash);
        if (wanted) {
          heads.forEach(function (h, i) {
            if (h.getAttribute('data-key') === wanted[1]) { sortBy(i, wanted[2] === '-desc'); }
          });
        }
        table.setAttribute('data-rows', String(body.rows.length));
      })();
      """;
}
