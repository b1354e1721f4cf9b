package ai.equilibrium.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.equilibrium.config.ExperimentSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmupScheduleTest {
  private static final double V = Math.log(4);
  /** A discriminator that wins early: losses well below V*, where the gap-aware multiplier is h_min. */
  private static final double[] LOSSES = {1.2, 0.9, 0.7, 0.6, 0.55, 0.5, 0.5, 0.6, 0.8, 1.0};

  @Test
  void theFirstUpdatesRunAtTheBaseRateThenTheScheduleTakesOverWithItsEmaCurrent() {
    WarmupSchedule warm = new WarmupSchedule(GapAwareSchedule.withPaperDefaults(V), 4);
    GapAwareSchedule plain = GapAwareSchedule.withPaperDefaults(V);
    for (int i = 0; i < LOSSES.length; i++) {
      double expected = plain.observe(LOSSES[i]);
      double multiplier = warm.observe(LOSSES[i]);
      assertEquals(i < 4 ? 1.0 : expected, multiplier, 0.0, "update " + (i + 1));
      assertEquals(plain.smoothedLoss(), warm.smoothedLoss(), 0.0);
    }
    assertNotEquals(1.0, plain.multiplierAt(plain.smoothedLoss()), "the test's losses are braked after warm-up");
  }

  @Test
  void aRestoredWarmupGoesOnWhereItStopped() {
    WarmupSchedule whole = new WarmupSchedule(GapAwareSchedule.withPaperDefaults(V), 5);
    WarmupSchedule first = new WarmupSchedule(GapAwareSchedule.withPaperDefaults(V), 5);
    for (int i = 0; i < 3; i++) {
      whole.observe(LOSSES[i]);
      first.observe(LOSSES[i]);
    }
    WarmupSchedule resumed = new WarmupSchedule(GapAwareSchedule.withPaperDefaults(V), 5);
    resumed.restore(first.state());
    for (int i = 3; i < LOSSES.length; i++) {
      assertEquals(whole.observe(LOSSES[i]), resumed.observe(LOSSES[i]), 0.0, "update " + (i + 1));
    }
  }

  @Test
  void configuredByScheduleWarmupUpdatesAndOffByDefault() {
    assertEquals(GapAwareSchedule.class, Schedules.of(ExperimentSchema.load(null, List.of()).schedule(), V).getClass());
    assertEquals(WarmupSchedule.class, Schedules.of(ExperimentSchema.load(null,
        List.of("schedule.warmup-updates=500")).schedule(), V).getClass());
  }
}
