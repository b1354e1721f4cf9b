package ai.equilibrium.nightly;

import java.util.List;

/**
 * The canary: one fixed seed of an entry, run every night. Training is deterministic, so at an unchanged code
 * revision, config, data and processor kind its score must repeat bit for bit; if it does not, something in
 * production is not deterministic, and the night says so as a failed check. At another revision a changed score
 * says that the code changed behaviour, which the summary lists as information.
 *
 * @param previous the latest earlier canary run of the entry, or null
 */
public record CanaryCheck(Status status, NightlyHistory.Row tonight, NightlyHistory.Row previous, String detail) {

  public enum Status {
    /** No earlier canary to compare with. */
    FIRST,
    /** The same score (and the same outcome) as the last canary. */
    SAME,
    /** Another score after a change of revision, config, data or processor kind: information. */
    CHANGED,
    /** Another score with nothing changed: a failed check. */
    NONDETERMINISTIC
  }

  /** Tonight's canary against the entry's earlier canaries (oldest first). */
  public static CanaryCheck of(NightlyHistory.Row tonight, List<NightlyHistory.Row> earlier) {
    if (earlier.isEmpty()) {
      return new CanaryCheck(Status.FIRST, tonight, null, "seed " + tonight.seed() + ": first canary, "
          + score(tonight));
    }
    NightlyHistory.Row last = earlier.get(earlier.size() - 1);
    boolean sameScore = Double.doubleToLongBits(last.value()) == Double.doubleToLongBits(tonight.value())
        && last.diverged() == tonight.diverged();
    String change = change(last, tonight);
    if (sameScore) {
      return new CanaryCheck(Status.SAME, tonight, last, "seed " + tonight.seed() + ": " + score(tonight)
          + ", bit for bit as on " + last.night() + (change.isEmpty() ? "" : " (" + change + ")"));
    }
    String scores = score(tonight) + " against " + score(last) + " on " + last.night();
    return change.isEmpty()
        ? new CanaryCheck(Status.NONDETERMINISTIC, tonight, last, "seed " + tonight.seed() + ": " + scores
            + " with the same revision, config, data and processor kind: a run is not deterministic")
        : new CanaryCheck(Status.CHANGED, tonight, last, "seed " + tonight.seed() + ": " + scores + ", " + change);
  }

  /** What differs between two runs of the canary that may change its bits, or empty. */
  private static String change(NightlyHistory.Row last, NightlyHistory.Row tonight) {
    if (!comparable(last.codeRevision()) || !comparable(tonight.codeRevision())) {
      return "revision " + tonight.codeRevision() + " cannot be compared";
    }
    if (!last.codeRevision().equals(tonight.codeRevision())) {
      return "revision " + shortRevision(last.codeRevision()) + " to " + shortRevision(tonight.codeRevision());
    }
    if (!last.configHash().equals(tonight.configHash())) {
      return "the entry's config changed";
    }
    if (!last.dataHash().equals(tonight.dataHash())) {
      return "the data changed";
    }
    if (!last.processor().equals(tonight.processor())) {
      return "processor " + last.processor() + " to " + tonight.processor();
    }
    return "";
  }

  private static boolean comparable(String revision) {
    return !revision.equals("unknown") && !revision.endsWith("-dirty");
  }

  static String shortRevision(String revision) {
    return revision.length() > 12 ? revision.substring(0, 12) : revision;
  }

  private static String score(NightlyHistory.Row row) {
    // the shortest decimal that reads back as the same double: equal strings are equal bits
    return row.diverged() ? "diverged" : row.metric() + " " + row.value();
  }
}
