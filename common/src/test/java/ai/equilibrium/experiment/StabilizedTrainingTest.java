package ai.equilibrium.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.backend.GradientBackend;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.data.DataShard;
import ai.equilibrium.gan.GanAssembly;
import ai.equilibrium.gan.GanGame;
import ai.equilibrium.gan.GanNetworks;
import ai.equilibrium.stabilize.SpectralNormalization;
import ai.equilibrium.step.Player;
import ai.equilibrium.tensor.ParameterSegment;
import ai.equilibrium.tensor.ParameterSet;
import ai.equilibrium.train.StepMetrics;
import ai.equilibrium.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The stabilizers chosen by config alone, through the one training loop: the best-response correction
 * reports its coefficient, the penalty its value, and the adversary's networks compute with spectrally
 * normalized weights while its optimizer updates the raw ones.
 */
class StabilizedTrainingTest {

  @Test
  void stabilizersRunThroughTheLoopFromConfigAlone() {
    ExperimentConfig config = ExperimentSchema.load(null, List.of("data.source=gaussian-ring", "data.mixture-samples=2000",
        "model.latent-dim=8", "model.generator-hidden=[16,16]", "model.adversary-hidden=[16,16]",
        "train.batch-size=32", "run.steps=20", "stabilize.brc.enabled=true", "stabilize.spectral-norm=true",
        "stabilize.penalty.type=wgan-gp", "model.precision=double"));
    Experiment<GanGame, GanNetworks, DataShard> training = GanAssembly.experiment(config);
    List<StepMetrics> metrics = new ArrayList<>();
    TrainingListener record = (m, state) -> metrics.add(m);
    try (GradientBackend backend = training.localBackend()) {
      training.loop(backend, List.of(record)).run(0, config.run().steps());
    }

    assertEquals(20, metrics.size());
    for (StepMetrics m : metrics) {
      assertTrue(Double.isFinite(m.diagnostics().get("brc_c")), "brc_c in " + m.diagnostics());
      assertEquals(0.0, m.diagnostics().get("brc_degenerate"));
      assertTrue(m.diagnostics().get("penalty_wgan_gp") > 0, "penalty in " + m.diagnostics());
    }
    var adversary = training.player(Player.ADVERSARY);
    assertInstanceOf(SpectralNormalization.class, adversary.reparameterization());
    ParameterSet network = adversary.networkParameters();
    double largestRawDeviation = 0;
    for (ParameterSegment s : network.segments()) {
      if (s.name().endsWith("_W")) {
        int fanOut = network.segments().get(network.segments().indexOf(s) + 1).length(); // the bias follows W
        double sigma = largestSingularValue(network, s, fanOut);
        assertEquals(1.0, sigma, 0.05, s.name() + " of the network the adversary computes with");
        largestRawDeviation = Math.max(largestRawDeviation,
            Math.abs(largestSingularValue(adversary.parameters(), s, fanOut) - 1));
      }
    }
    assertTrue(largestRawDeviation > 0.2, "the raw weights are not normalized themselves: " + largestRawDeviation);
  }

  private static double largestSingularValue(ParameterSet set, ParameterSegment s, int rows) {
    double[] values = java.util.Arrays.copyOfRange(set.values(), s.offset(), s.end());
    INDArray matrix = Nd4j.createFromArray(values).reshape('c', rows, s.length() / rows).castTo(DataType.DOUBLE).dup('f');
    INDArray singular = Nd4j.create(DataType.DOUBLE, Math.min(matrix.rows(), matrix.columns()));
    Nd4j.getBlasWrapper().lapack().gesvd(matrix, singular, null, null);
    return singular.getDouble(0);
  }
}
