package ai.equilibrium.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GapAwareScheduleTest {
  /** V* of the non-saturating GAN: mean BCE over reals + mean BCE over fakes at D = 1/2 is 2 ln 2. */
  private static final double V_STAR = Math.log(4);

  /**
   * Golden values: the scheduler's table for the non-saturating GAN (V* = ln 4, x_min = x_max = 0.1 V* = 0.138629). For example
   * ema 1.30: x = 0.086294, x / x_min = 0.62248, 0.1^0.62248 = 0.2385; ema 1.42: x = 0.033706,
   * x / x_max = 0.24314, 2^0.24314 = 1.1836; ema 1.525: x / x_max = 1.0005 > 1, capped at f_max = 2.
   */
  @ParameterizedTest
  @CsvSource({
      "1.00, 0.1",
      "1.30, 0.2385",
      "1.35, 0.5473",
      "1.386294, 1.0",
      "1.42, 1.1836",
      "1.45, 1.3751",
      "1.525, 2.0",
      "3.0, 2.0",
  })
  void multiplierMatchesTheMethodsTable(double ema, double expected) {
    GapAwareSchedule schedule = GapAwareSchedule.withPaperDefaults(V_STAR);
    assertEquals(expected, schedule.multiplierAt(ema), 1e-4, "s(ema = " + ema + ")");
  }

  @Test
  void multiplierIsExactlyOneAtTheIdealLossAndFloorsFarBelow() {
    GapAwareSchedule schedule = GapAwareSchedule.withPaperDefaults(V_STAR);
    assertEquals(1.0, schedule.multiplierAt(V_STAR), 0.0);
    // x / x_min = 1 exactly: 0.1^1 = h_min
    assertEquals(0.1, schedule.multiplierAt(0.9 * V_STAR), 1e-12);
    assertEquals(0.1, schedule.multiplierAt(-100), 0.0);
    // x / x_max = 1 exactly: 2^1 = f_max
    assertEquals(2.0, schedule.multiplierAt(1.1 * V_STAR), 1e-12);
  }

  @Test
  void observeFollowsTheEmaRecursionStartingAtVStar() {
    GapAwareSchedule schedule = GapAwareSchedule.withPaperDefaults(V_STAR);
    assertEquals(V_STAR, schedule.smoothedLoss(), 0.0, "ema_0 = V*");
    double[] losses = {1.2, 0.9, 1.6, 1.386, 2.5, 0.3, 1.4, 1.39, 1.0, 1.7};
    double ema = V_STAR;
    for (int t = 0; t < losses.length; t++) {
      // ema_t = 0.95 ema_{t-1} + 0.05 L_t, computed independently of the schedule
      ema = 0.95 * ema + 0.05 * losses[t];
      double s = schedule.observe(losses[t]);
      assertEquals(ema, schedule.smoothedLoss(), 1e-12, "ema at step " + (t + 1));
      assertEquals(schedule.multiplierAt(ema), s, 1e-12, "multiplier at step " + (t + 1));
    }
  }

  @Test
  void firstObservationMovesTheEmaOneTwentiethOfTheWayToTheLoss() {
    GapAwareSchedule schedule = GapAwareSchedule.withPaperDefaults(V_STAR);
    // A loss of 0 after ema_0 = V*: ema_1 = 0.95 V*, x = 0.05 V* = x_min / 2, s = 0.1^0.5
    double s = schedule.observe(0.0);
    assertEquals(0.95 * V_STAR, schedule.smoothedLoss(), 1e-12);
    assertEquals(Math.sqrt(0.1), s, 1e-12);
  }

  @Test
  void multiplierStaysWithinHMinAndFMax() {
    GapAwareSchedule schedule = GapAwareSchedule.withPaperDefaults(V_STAR);
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 5000; i++) {
      double loss = random.nextDouble() < 0.1 ? random.nextDouble(0, 100) : random.nextDouble(0, 3);
      double s = schedule.observe(loss);
      assertTrue(s >= 0.1 && s <= 2.0, "multiplier " + s + " outside [0.1, 2] after loss " + loss);
    }
  }

  @Test
  void stateRestoreRoundTripContinuesIdentically() {
    GapAwareSchedule original = GapAwareSchedule.withPaperDefaults(V_STAR);
    double[] warmup = {1.1, 1.5, 0.7, 1.9};
    for (double l : warmup) {
      original.observe(l);
    }
    double[] state = original.state();
    assertArrayEquals(new double[] {original.smoothedLoss()}, state, 0.0);

    GapAwareSchedule resumed = GapAwareSchedule.withPaperDefaults(V_STAR);
    resumed.restore(state);
    assertEquals(original.smoothedLoss(), resumed.smoothedLoss(), 0.0);
    double[] next = {1.2, 1.45, 0.2, 3.0, 1.38};
    for (double l : next) {
      assertEquals(original.observe(l), resumed.observe(l), 0.0);
      assertEquals(original.smoothedLoss(), resumed.smoothedLoss(), 0.0);
    }
    assertThrows(IllegalArgumentException.class, () -> resumed.restore(new double[0]));
    assertThrows(IllegalArgumentException.class, () -> resumed.restore(new double[2]));
  }

  @Test
  void invalidConstructorArgumentsAreRejected() {
    // (idealLoss, decay, hMin, fMax, xMin, xMax)
    assertThrows(IllegalArgumentException.class, () -> new GapAwareSchedule(V_STAR, 1.0, 0.1, 2.0, 0.1, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new GapAwareSchedule(V_STAR, -0.1, 0.1, 2.0, 0.1, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new GapAwareSchedule(V_STAR, 0.95, 0.0, 2.0, 0.1, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new GapAwareSchedule(V_STAR, 0.95, 1.5, 2.0, 0.1, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new GapAwareSchedule(V_STAR, 0.95, 0.1, 0.5, 0.1, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new GapAwareSchedule(V_STAR, 0.95, 0.1, 2.0, 0.0, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new GapAwareSchedule(V_STAR, 0.95, 0.1, 2.0, 0.1, 0.0));
    // V* = 0 (Wasserstein) makes the paper's default x_min = 0.1 V* = 0: must be rejected
    assertThrows(IllegalArgumentException.class, () -> GapAwareSchedule.withPaperDefaults(0.0));
    // boundaries that are allowed: decay 0, h_min 1, f_max 1
    new GapAwareSchedule(V_STAR, 0.0, 1.0, 1.0, 0.1, 0.1);
  }

  @Test
  void constantScheduleAlwaysReturnsOne() {
    ConstantSchedule schedule = new ConstantSchedule();
    for (double loss : new double[] {0, 1.386, 50, -3, Double.NaN}) {
      assertEquals(1.0, schedule.observe(loss), 0.0);
    }
    assertTrue(Double.isNaN(schedule.smoothedLoss()));
    assertEquals(0, schedule.state().length);
    schedule.restore(new double[0]);
    assertThrows(IllegalArgumentException.class, () -> schedule.restore(new double[1]));
  }
}
