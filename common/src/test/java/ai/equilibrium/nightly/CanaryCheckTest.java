package ai.equilibrium.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.nightly.CanaryCheck.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanaryCheckTest {
  private static final String REVISION = "0123456789abcdef0123456789abcdef01234567";

  private static NightlyHistory.Row canary(String night, double value, String revision, String processor) {
    return new NightlyHistory.Row(night, "ring", 1, "fid", value, false, false, "config-1", 3.0, revision, "data-1",
        NightlyHistory.Role.CANARY, processor, "PASS", 0.1);
  }

  @Test
  void theSameScoreAtTheSameRevisionRepeatsAndOneUlpOffIsNotDeterministic() {
    List<NightlyHistory.Row> earlier = List.of(canary("2026-12-01", 71.73, REVISION, "x86"));
    assertEquals(Status.SAME, CanaryCheck.of(canary("2026-12-02", 71.73, REVISION, "x86"), earlier).status());
    // one extra random draw anywhere in a run moves its score; the smallest move is one unit in the last place
    CanaryCheck moved = CanaryCheck.of(canary("2026-12-02", Math.nextUp(71.73), REVISION, "x86"), earlier);
    assertEquals(Status.NONDETERMINISTIC, moved.status());
    assertTrue(moved.detail().contains("not deterministic"), moved.detail());
  }

  @Test
  void aChangedScoreAfterAChangeOfRevisionOrProcessorIsInformationAndTheFirstCanaryHasNothingToCompare() {
    List<NightlyHistory.Row> earlier = List.of(canary("2026-12-01", 71.73, REVISION, "x86"));
    CanaryCheck otherRevision = CanaryCheck.of(canary("2026-12-02", 64.7, "fedcba9876543210fedcba9876543210fedcba98",
        "x86"), earlier);
    assertEquals(Status.CHANGED, otherRevision.status());
    assertTrue(otherRevision.detail().contains("revision 0123456789ab to fedcba987654"), otherRevision.detail());
    assertEquals(Status.CHANGED, CanaryCheck.of(canary("2026-12-02", 64.7, REVISION, "arm"), earlier).status());
    assertEquals(Status.CHANGED, CanaryCheck.of(canary("2026-12-02", 64.7, REVISION + "-dirty", "x86"), earlier)
        .status(), "a dirty tree's code is not known");
    assertEquals(Status.FIRST, CanaryCheck.of(canary("2026-12-02", 64.7, REVISION, "x86"), List.of()).status());
  }

  @Test
  void freshSeedsAreDistinctAboveTheCanariesAndDrawnFromTheNight() {
    List<Long> tonight = NightlySeeds.fresh("nightly-cpu", "ring-adam", "2026-12-06", 40);
    assertEquals(40, tonight.stream().distinct().count());
    assertTrue(tonight.stream().allMatch(s -> s >= NightlySeeds.FIRST_FRESH && s < (1L << 31)), tonight.toString());
    assertEquals(tonight, NightlySeeds.fresh("nightly-cpu", "ring-adam", "2026-12-06", 40), "a night run again");
    assertEquals(tonight.subList(0, 3), NightlySeeds.fresh("nightly-cpu", "ring-adam", "2026-12-06", 3),
        "extra seeds extend the first look's");
    assertNotEquals(tonight.get(0), NightlySeeds.fresh("nightly-cpu", "ring-adam", "2026-12-07", 1).get(0));
    assertNotEquals(tonight.get(0), NightlySeeds.fresh("nightly-cpu", "ring-sgda", "2026-12-06", 1).get(0));
  }
}
