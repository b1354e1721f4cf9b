package ai.equilibrium.stabilize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.experiment.Experiment;
import java.util.List;
import java.util.function.Function;
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

  /** Combinations the best-response forms cannot take fail at once, naming the key to change. */
  @Test
  void bestResponseFormsRefuseWhatTheyCannotCompute() {
    Function<List<String>, String> refusedKey = overrides -> assertThrows(ConfigError.class,
        () -> Experiment.assemble(ExperimentSchema.load(null, overrides))).key();
    assertEquals("stabilize.brc.hessian", refusedKey.apply(List.of("stabilize.brc.enabled=true",
        "stabilize.brc.hessian=exact", "model.precision=float")));
    assertEquals("stabilize.brc.hessian", refusedKey.apply(List.of("stabilize.brc.enabled=true",
        "stabilize.brc.hessian=exact", "model.precision=double", "stabilize.spectral-norm=true")));
    assertEquals("stabilize.brc.fresh-draw", refusedKey.apply(List.of("stabilize.brc.enabled=true",
        "stabilize.brc.fresh-draw=true", "train.update-order=simultaneous")));
  }
}
