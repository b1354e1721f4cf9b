package ai.equilibrium.config;

import ai.equilibrium.experiment.Experiment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.loss.HingeLoss;
import ai.equilibrium.loss.LeastSquaresLoss;
import ai.equilibrium.loss.WassersteinLoss;
import ai.equilibrium.schedule.GapAwareSchedule;
import ai.equilibrium.stabilize.BestResponseCorrection;
import ai.equilibrium.stabilize.R1Penalty;
import ai.equilibrium.stabilize.R2Penalty;
import ai.equilibrium.stabilize.WganGradientPenalty;
import ai.equilibrium.stabilize.ZeroCentredGradientPenalty;
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

  @Test
  void stabilizersAreChosenByConfigValue() {
    ExperimentConfig none = ConfigLoader.load(null, List.of());
    assertTrue(Components.penalties(none.stabilize()).isEmpty());
    assertTrue(Components.corrections(none.stabilize()).isEmpty());
    assertInstanceOf(WganGradientPenalty.class, Components.penalties(ConfigLoader.load(null,
        List.of("stabilize.penalty.type=wgan-gp")).stabilize()).list().get(0));
    assertEquals(new R1Penalty(0.5), Components.penalties(ConfigLoader.load(null,
        List.of("stabilize.penalty.type=r1", "stabilize.penalty.weight=0.5")).stabilize()).list().get(0));
    assertInstanceOf(R2Penalty.class, Components.penalties(ConfigLoader.load(null,
        List.of("stabilize.penalty.type=r2")).stabilize()).list().get(0));
    assertInstanceOf(ZeroCentredGradientPenalty.class, Components.penalties(ConfigLoader.load(null,
        List.of("stabilize.penalty.type=zero-centred")).stabilize()).list().get(0));
    assertInstanceOf(BestResponseCorrection.class, Components.corrections(ConfigLoader.load(null,
        List.of("stabilize.brc.enabled=true")).stabilize()).get(0));
  }

  @Test
  void bestResponseWithAZeroSumLossIsRejectedUnlessPenalized() {
    List<String> ring = List.of("data.source=gaussian-ring", "data.mixture-samples=100", "stabilize.brc.enabled=true");
    for (String loss : List.of("minimax", "wasserstein")) {
      ExperimentConfig config = ConfigLoader.load(null, concat(ring, "game.loss=" + loss, "schedule.x-min=0.1",
          "schedule.x-max=0.1"));
      ConfigError e = assertThrows(ConfigError.class, () -> Experiment.gan(config).game());
      assertEquals("stabilize.brc.enabled", e.key());
      assertTrue(e.getMessage().contains("c = -1"), e.getMessage());
    }
    ExperimentConfig penalized = ConfigLoader.load(null, concat(ring, "game.loss=wasserstein",
        "stabilize.penalty.type=wgan-gp", "model.precision=double", "schedule.x-min=0.1", "schedule.x-max=0.1"));
    assertTrue(Experiment.gan(penalized).game().zeroSum());
  }

  @Test
  void gradientPenaltyOnABatchNormAdversaryIsRejected() {
    ExperimentConfig config = ConfigLoader.load(null, List.of("model.architecture=dcgan-28", "stabilize.penalty.type=r1"));
    ConfigError e = assertThrows(ConfigError.class, () -> Experiment.gan(config).game());
    assertEquals("stabilize.penalty.type", e.key());
    assertTrue(e.getMessage().contains("BatchNorm"), e.getMessage());
  }

  @Test
  void gradientPenaltyInFloatIsRejected() {
    ExperimentConfig config = ConfigLoader.load(null, List.of("data.source=gaussian-ring", "data.mixture-samples=100",
        "stabilize.penalty.type=r1"));
    ConfigError e = assertThrows(ConfigError.class, () -> Experiment.gan(config).game());
    assertEquals("model.precision", e.key());
  }

  private static List<String> concat(List<String> base, String... more) {
    List<String> all = new java.util.ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }
}
