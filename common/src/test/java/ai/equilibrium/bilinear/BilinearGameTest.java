package ai.equilibrium.bilinear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.experiment.Experiment;
import java.util.List;
import org.junit.jupiter.api.Test;

class BilinearGameTest {

  /** At (x*, y*) both players' gradients vanish, and the adversary's ideal loss is -f(x*, y*) = c^T A^-1 b. */
  @Test
  void theEquilibriumIsWhereBothGradientsVanish() {
    BilinearProblem p = BilinearProblem.draw(new BilinearSettings(6, 5, 1, 0), 3);
    for (double[] g : List.of(p.gradientX(p.yStar()), p.gradientY(p.xStar()))) {
      for (double v : g) {
        assertEquals(0, v, 1e-12);
      }
    }
    assertEquals(0, p.distanceToEquilibrium(p.xStar(), p.yStar()), 0.0);
    // c^T A^-1 b computed from A directly: solve A z = b by the equilibrium's own definition, y* = -A^-1 b
    double cTAinvB = 0;
    for (int i = 0; i < 6; i++) {
      cTAinvB -= p.c()[i] * p.yStar()[i];
    }
    assertEquals(-cTAinvB, p.equilibriumValue(), 1e-12);
  }

  /** The singular values span the configured condition number: |A v| over unit vectors v lies in [1/k, 1]. */
  @Test
  void aHasTheConfiguredConditioning() {
    BilinearProblem p = BilinearProblem.draw(new BilinearSettings(8, 4, 0, 0), 11);
    double[] unit = new double[8];
    for (int k = 0; k < 8; k++) {
      java.util.Arrays.fill(unit, 0);
      unit[k] = 1;
      double[] av = p.gradientX(unit); // A e_k, b = 0
      double norm = Math.sqrt(java.util.Arrays.stream(av).map(v -> v * v).sum());
      assertTrue(norm >= 0.25 - 1e-12 && norm <= 1 + 1e-12, "|A e_" + k + "| = " + norm);
    }
  }

  @Test
  void itsKeysAreItsOwnAndCheckedLikeAnyOther() {
    ExperimentConfig config = ExperimentSchema.load(null, List.of("game.type=bilinear", "game.bilinear.dimension=3"));
    assertEquals(3, config.gameSettings(BilinearSettings.class).dimension());
    assertEquals("bilinear", config.data().source(), "data.source = auto is the game's own");
    ConfigError misspelt = assertThrows(ConfigError.class, () -> ExperimentSchema.load(null,
        List.of("game.type=bilinear", "game.bilinear.dimesion=3")));
    assertEquals("game.bilinear.dimesion", misspelt.key());
    assertTrue(misspelt.getMessage().contains("game.bilinear.dimension"), misspelt.getMessage());
    ConfigError otherGame = assertThrows(ConfigError.class, () -> ExperimentSchema.load(null,
        List.of("game.bilinear.dimension=3")));
    assertEquals("game.bilinear.dimension", otherGame.key(), "a GAN has no bilinear keys");
    assertEquals("game.bilinear.conditioning", assertThrows(ConfigError.class, () -> ExperimentSchema.load(null,
        List.of("game.type=bilinear", "game.bilinear.conditioning=0.5"))).key());
    assertEquals("stabilize.spectral-norm", assertThrows(ConfigError.class, () -> Experiment.assemble(
        ExperimentSchema.load(null, List.of("game.type=bilinear", "stabilize.spectral-norm=true")))).key());
  }
}
