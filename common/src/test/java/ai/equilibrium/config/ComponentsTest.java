package ai.equilibrium.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.loss.HingeLoss;
import ai.equilibrium.loss.LeastSquaresLoss;
import ai.equilibrium.loss.WassersteinLoss;
import ai.equilibrium.schedule.GapAwareSchedule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each loss is selectable from config alone, and the schedule takes V* from the configured loss. */
class ComponentsTest {

  @Test
  void lossesAreChosenByConfigValue() {
    assertInstanceOf(LeastSquaresLoss.class, Components.loss(ConfigLoader.load(null, List.of("game.loss=least-squares")).game()));
    assertInstanceOf(HingeLoss.class, Components.loss(ConfigLoader.load(null, List.of("game.loss=hinge")).game()));
    assertInstanceOf(WassersteinLoss.class, Components.loss(ConfigLoader.load(null, List.of("game.loss=wasserstein")).game()));
  }

  @Test
  void theScheduleCentresOnTheConfiguredLossesVStar() {
    ExperimentConfig hinge = ConfigLoader.load(null, List.of("game.loss=hinge"));
    GapAwareSchedule schedule = (GapAwareSchedule) Components.schedule(hinge.schedule(),
        Components.loss(hinge.game()).idealAdversaryLoss());
    assertEquals(1.0, schedule.multiplierAt(2.0), 1e-12, "no change at V* = 2");
    assertEquals(2.0, schedule.smoothedLoss(), 1e-12, "the EMA starts at V*");
  }

  @Test
  void wassersteinNeedsExplicitGaps() {
    ExperimentConfig auto = ConfigLoader.load(null, List.of("game.loss=wasserstein"));
    ConfigError e = assertThrows(ConfigError.class,
        () -> Components.schedule(auto.schedule(), Components.loss(auto.game()).idealAdversaryLoss()));
    assertEquals("schedule.x-min", e.key());
    assertTrue(e.getMessage().contains("explicitly"), e.getMessage());

    ExperimentConfig explicit = ConfigLoader.load(null, List.of("game.loss=wasserstein", "schedule.x-min=0.5",
        "schedule.x-max=0.5"));
    GapAwareSchedule schedule = (GapAwareSchedule) Components.schedule(explicit.schedule(), 0.0);
    assertEquals(2.0, schedule.multiplierAt(0.5), 1e-12, "f-max reached at the explicit x-max above V* = 0");
  }
}
