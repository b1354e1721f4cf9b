package ai.equilibrium.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ExperimentSchema;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Interpolation rows start and end exactly at the codes of samples 2p and 2p + 1; slerp keeps the norm. */
class LatentInterpolationTest {
  private static final GanGame GAME = GanAssembly.experiment(ExperimentSchema.load(null, List.of(
      "data.source=gaussian-ring", "data.mixture-samples=100", "model.latent-dim=16", "model.generator-hidden=[8]",
      "model.adversary-hidden=[8]"))).game();

  @Test
  void rowsEndExactlyAtTheSamplesCodes() {
    for (LatentInterpolation.Curve curve : LatentInterpolation.Curve.values()) {
      LatentInterpolation walk = new LatentInterpolation(curve, 3, 7, 42);
      for (int p = 0; p < 3; p++) {
        double[] row = walk.rowCodes(GAME, p);
        double[] ends = GAME.latentCodes(new long[] {2L * p, 2L * p + 1}, 42);
        assertEquals(7 * 16, row.length);
        assertArrayEquals(Arrays.copyOfRange(ends, 0, 16), Arrays.copyOfRange(row, 0, 16), curve + " start");
        assertArrayEquals(Arrays.copyOfRange(ends, 16, 32), Arrays.copyOfRange(row, 6 * 16, 7 * 16), curve + " end");
      }
    }
  }

  @Test
  void linearIsTheStraightLineAndSphericalKeepsTheNorm() {
    double[] a = {3, 0};
    double[] b = {0, 3};
    double[] line = new LatentInterpolation(LatentInterpolation.Curve.LINEAR, 1, 3, 0).between(a, b, 0.5);
    assertArrayEquals(new double[] {1.5, 1.5}, line, 1e-15);
    LatentInterpolation slerp = new LatentInterpolation(LatentInterpolation.Curve.SPHERICAL, 1, 3, 0);
    double[] middle = slerp.between(a, b, 0.5);
    assertArrayEquals(new double[] {3 / Math.sqrt(2), 3 / Math.sqrt(2)}, middle, 1e-12);
    double[] quarter = slerp.between(a, b, 0.25);
    assertEquals(3, Math.hypot(quarter[0], quarter[1]), 1e-12);
    assertEquals(Math.PI / 8, Math.atan2(quarter[1], quarter[0]), 1e-12, "a quarter of the angle");
    assertArrayEquals(new double[] {2, 2}, slerp.between(new double[] {1, 1}, new double[] {3, 3}, 0.5), 1e-12,
        "parallel codes: the line");
  }

  @Test
  void weightsRunFromZeroToOne() {
    assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1},
        new LatentInterpolation(LatentInterpolation.Curve.LINEAR, 1, 5, 0).weights());
    assertThrows(IllegalArgumentException.class,
        () -> new LatentInterpolation(LatentInterpolation.Curve.LINEAR, 1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> LatentInterpolation.Curve.parse("cubic"));
    assertTrue(new LatentInterpolation(LatentInterpolation.Curve.SPHERICAL, 2, 4, 0).fileName(SampleFormat.PNG)
        .equals("interpolation-spherical.png"));
  }
}
