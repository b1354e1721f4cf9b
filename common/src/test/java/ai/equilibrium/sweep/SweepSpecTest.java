package ai.equilibrium.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepSpecTest {
  private static SweepSpec spec(int trials, long searchSeed) {
    return new SweepSpec("s", "conf/ring-mlp.conf", List.of(),
        List.of(new SearchParameter.LogUniform("optimizer.main.lr", 1e-5, 1e-2),
            new SearchParameter.Choice("train.batch-size", List.of("32", "64"))),
        List.of(new SweepSpec.Arm("gap-aware", Map.of("schedule.type", "gap-aware")),
            new SweepSpec.Arm("constant", Map.of("schedule.type", "constant"))),
        trials, List.of(1L, 2L), searchSeed,
        new SweepSpec.Metric("fid", ExpectedBest.Direction.LOWER_IS_BETTER), SweepSpec.Placement.RUNS, "sweeps",
        "local[2]", Map.of());
  }

  @Test
  void planVisitsEachPointInEveryArmBeforeTheNextSoAPrefixIsPaired() {
    List<SweepTrial> plan = spec(3, 7).plan();
    assertEquals(3 * 2 * 2, plan.size());
    List<String> ids = plan.stream().map(SweepTrial::id).toList();
    assertEquals(List.of("gap-aware-t000-s1", "gap-aware-t000-s2", "constant-t000-s1", "constant-t000-s2",
        "gap-aware-t001-s1"), ids.subList(0, 5));
    for (SweepTrial trial : plan) {
      assertEquals(spec(3, 7).sample(trial.index()), trial.sampled(), trial.id());
    }
  }

  @Test
  void pointsDependOnTheSearchSeedAndIndexAloneNotOnTheNumberOfTrials() {
    assertEquals(spec(3, 7).sample(2), spec(40, 7).sample(2));
    assertNotEquals(spec(3, 7).sample(2), spec(3, 8).sample(2));
    assertNotEquals(spec(3, 7).sample(1), spec(3, 7).sample(2));
  }
}
