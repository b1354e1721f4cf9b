package ai.equilibrium.stabilize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each penalty and correction is selectable from config alone. */
class StabilizersTest {

  @Test
  void stabilizersAreChosenByConfigValue() {
    ExperimentConfig none = ExperimentSchema.load(null, List.of());
    assertTrue(Stabilizers.penalties(none.stabilize()).isEmpty());
    assertTrue(Stabilizers.corrections(none.stabilize()).isEmpty());
    assertInstanceOf(WganGradientPenalty.class, Stabilizers.penalties(ExperimentSchema.load(null,
        List.of("stabilize.penalty.type=wgan-gp")).stabilize()).list().get(0));
    assertEquals(new R1Penalty(0.5), Stabilizers.penalties(ExperimentSchema.load(null,
        List.of("stabilize.penalty.type=r1", "stabilize.penalty.weight=0.5")).stabilize()).list().get(0));
    assertInstanceOf(R2Penalty.class, Stabilizers.penalties(ExperimentSchema.load(null,
        List.of("stabilize.penalty.type=r2")).stabilize()).list().get(0));
    assertInstanceOf(ZeroCentredGradientPenalty.class, Stabilizers.penalties(ExperimentSchema.load(null,
        List.of("stabilize.penalty.type=zero-centred")).stabilize()).list().get(0));
    assertInstanceOf(BestResponseCorrection.class, Stabilizers.corrections(ExperimentSchema.load(null,
        List.of("stabilize.brc.enabled=true")).stabilize()).get(0));
  }
}
