package ai.equilibrium.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.GaussianMixtureSource;
import org.junit.jupiter.api.Test;

class ModeCoverageTest {
  private static final double[][] SQUARE = {{0, 0}, {10, 0}, {0, 10}, {10, 10}};

  @Test
  void countsHighQualitySamplesAndTheModesTheyCover() {
    // std 1: within 3 of a centre is high quality. Two samples on mode 0, one on mode 3, one lost between.
    float[][] samples = {{0.5f, -0.5f}, {2.9f, 0f}, {10f, 8f}, {5f, 5f}};
    ModeCoverage coverage = ModeCoverage.of(samples, SQUARE, 1.0);
    assertEquals(2, coverage.modesCovered());
    assertEquals(4, coverage.modes());
    assertEquals(0.75, coverage.highQualityFraction(), 1e-12);
  }

  @Test
  void aSampleJustOutsideThreeStandardDeviationsIsNotHighQuality() {
    ModeCoverage coverage = ModeCoverage.of(new float[][] {{3.01f, 0f}}, SQUARE, 1.0);
    assertEquals(0, coverage.modesCovered());
    assertEquals(0.0, coverage.highQualityFraction(), 0.0);
  }

  @Test
  void theRealRingCoversAllEightModes() {
    GaussianMixtureSource ring = new GaussianMixtureSource(GaussianMixtureSource.Layout.RING_8, 2000, 3);
    DataShard shard = ring.loadShard(0, 1);
    float[][] points = new float[shard.size()][2];
    for (int i = 0; i < points.length; i++) {
      points[i][0] = shard.value(i, 0);
      points[i][1] = shard.value(i, 1);
    }
    ModeCoverage coverage = ModeCoverage.of(points, ring.centres(), ring.standardDeviation());
    assertEquals(8, coverage.modesCovered());
    // a 2-D Gaussian puts 1 - exp(-9/2) = 98.9% of its mass within 3 standard deviations
    assertEquals(1 - Math.exp(-4.5), coverage.highQualityFraction(), 0.01);
  }

  @Test
  void noSamplesIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> ModeCoverage.of(new float[0][], SQUARE, 1.0));
  }
}
