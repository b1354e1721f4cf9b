package ai.equilibrium.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.loss.HingeLoss;
import ai.equilibrium.loss.LeastSquaresLoss;
import ai.equilibrium.loss.WassersteinLoss;
import ai.equilibrium.schedule.GapAwareSchedule;
import ai.equilibrium.schedule.Schedules;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GAN assembled from config alone: each loss by its value, the schedule centred on its V*, and the
 * combinations that cannot work refused, naming their key.
 */
class GanAssemblyTest {

  @Test
  void lossesAreChosenByConfigValue() {
    assertInstanceOf(LeastSquaresLoss.class, GanAssembly.loss(ExperimentSchema.load(null, List.of("game.loss=least-squares")).game()));
    assertInstanceOf(HingeLoss.class, GanAssembly.loss(ExperimentSchema.load(null, List.of("game.loss=hinge")).game()));
    assertInstanceOf(WassersteinLoss.class, GanAssembly.loss(ExperimentSchema.load(null, List.of("game.loss=wasserstein")).game()));
  }

  @Test
  void theScheduleCentresOnTheConfiguredLossesVStar() {
    ExperimentConfig hinge = ExperimentSchema.load(null, List.of("game.loss=hinge"));
    GapAwareSchedule schedule = (GapAwareSchedule) Schedules.of(hinge.schedule(),
        GanAssembly.loss(hinge.game()).idealAdversaryLoss());
    assertEquals(1.0, schedule.multiplierAt(2.0), 1e-12, "no change at V* = 2");
    assertEquals(2.0, schedule.smoothedLoss(), 1e-12, "the EMA starts at V*");
  }

  @Test
  void wassersteinNeedsExplicitGaps() {
    ExperimentConfig auto = ExperimentSchema.load(null, List.of("game.loss=wasserstein"));
    ConfigError e = assertThrows(ConfigError.class,
        () -> Schedules.of(auto.schedule(), GanAssembly.loss(auto.game()).idealAdversaryLoss()));
    assertEquals("schedule.x-min", e.key());
    assertTrue(e.getMessage().contains("explicitly"), e.getMessage());

    ExperimentConfig explicit = ExperimentSchema.load(null, List.of("game.loss=wasserstein", "schedule.x-min=0.5",
        "schedule.x-max=0.5"));
    GapAwareSchedule schedule = (GapAwareSchedule) Schedules.of(explicit.schedule(), 0.0);
    assertEquals(2.0, schedule.multiplierAt(0.5), 1e-12, "f-max reached at the explicit x-max above V* = 0");
  }

  @Test
  void bestResponseWithAZeroSumLossIsRejectedUnlessPenalized() {
    List<String> ring = List.of("data.source=gaussian-ring", "data.mixture-samples=100", "stabilize.brc.enabled=true");
    for (String loss : List.of("minimax", "wasserstein")) {
      ExperimentConfig config = ExperimentSchema.load(null, concat(ring, "game.loss=" + loss, "schedule.x-min=0.1",
          "schedule.x-max=0.1"));
      ConfigError e = assertThrows(ConfigError.class, () -> GanAssembly.experiment(config).game());
      assertEquals("stabilize.brc.enabled", e.key());
      assertTrue(e.getMessage().contains("c = -1"), e.getMessage());
    }
    ExperimentConfig penalized = ExperimentSchema.load(null, concat(ring, "game.loss=wasserstein",
        "stabilize.penalty.type=wgan-gp", "model.precision=double", "schedule.x-min=0.1", "schedule.x-max=0.1"));
    assertTrue(GanAssembly.experiment(penalized).game().zeroSum());
  }

  @Test
  void gradientPenaltyOnABatchNormAdversaryIsRejected() {
    ExperimentConfig config = ExperimentSchema.load(null, List.of("model.architecture=dcgan-28", "stabilize.penalty.type=r1"));
    ConfigError e = assertThrows(ConfigError.class, () -> GanAssembly.experiment(config).game());
    assertEquals("stabilize.penalty.type", e.key());
    assertTrue(e.getMessage().contains("BatchNorm"), e.getMessage());
  }

  @Test
  void gradientPenaltyInFloatIsRejected() {
    ExperimentConfig config = ExperimentSchema.load(null, List.of("data.source=gaussian-ring", "data.mixture-samples=100",
        "stabilize.penalty.type=r1"));
    ConfigError e = assertThrows(ConfigError.class, () -> GanAssembly.experiment(config).game());
    assertEquals("model.precision", e.key());
  }

  private static List<String> concat(List<String> base, String... more) {
    List<String> all = new java.util.ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }
}
