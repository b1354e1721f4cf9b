package ai.equilibrium.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GaussianMixtureSourceTest {

  private static List<float[]> rows(DataShard shard) {
    List<float[]> rows = new ArrayList<>();
    for (int r = 0; r < shard.size(); r++) {
      rows.add(new float[] {shard.value(r, 0), shard.value(r, 1)});
    }
    return rows;
  }

  private static List<float[]> union(GaussianMixtureSource source, int partitions) {
    List<float[]> all = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      all.addAll(rows(source.loadShard(p, partitions)));
    }
    all.sort(Comparator.<float[]>comparingDouble(r -> r[0]).thenComparingDouble(r -> r[1]));
    return all;
  }

  private static int nearestCentre(double[][] centres, float[] point) {
    int best = -1;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int k = 0; k < centres.length; k++) {
      double d = Math.hypot(point[0] - centres[k][0], point[1] - centres[k][1]);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best;
  }

  @Test
  void ringCentresLieOnACircleOfRadiusTwo() {
    double[][] centres = new GaussianMixtureSource(GaussianMixtureSource.Layout.RING_8, 10, 1).centres();
    assertEquals(8, centres.length);
    for (int k = 0; k < 8; k++) {
      assertEquals(2.0, Math.hypot(centres[k][0], centres[k][1]), 1e-12);
      // consecutive centres 45 degrees apart: chord 2 * 2 * sin(pi / 8)
      double[] next = centres[(k + 1) % 8];
      assertEquals(4 * Math.sin(Math.PI / 8), Math.hypot(next[0] - centres[k][0], next[1] - centres[k][1]), 1e-12);
    }
  }

  @Test
  void ringSamplesStayNearTheirModesAndCoverAllEight() {
    GaussianMixtureSource source = new GaussianMixtureSource(GaussianMixtureSource.Layout.RING_8, 2000, 7);
    double[][] centres = source.centres();
    double std = source.standardDeviation();
    assertEquals(0.02, std, 0.0);
    DataShard shard = source.loadShard(0, 1);
    assertEquals(2000, shard.size());
    assertEquals(2, shard.dimension());
    int[] counts = new int[8];
    for (float[] row : rows(shard)) {
      int k = nearestCentre(centres, row);
      double d = Math.hypot(row[0] - centres[k][0], row[1] - centres[k][1]);
      assertTrue(d < 6 * std, "sample " + row[0] + ", " + row[1] + " is " + d + " from the nearest centre");
      counts[k]++;
    }
    for (int k = 0; k < 8; k++) {
      // 2000 / 8 = 250 expected per mode; 100 is > 9 binomial standard deviations below
      assertTrue(counts[k] > 100, "mode " + k + " has only " + counts[k] + " samples");
    }
  }

  @Test
  void sameDataWhateverThePartitioning() {
    GaussianMixtureSource source = new GaussianMixtureSource(GaussianMixtureSource.Layout.RING_8, 1001, 3);
    List<float[]> one = union(source, 1);
    List<float[]> three = union(source, 3);
    assertEquals(1001, one.size());
    assertEquals(one.size(), three.size());
    for (int i = 0; i < one.size(); i++) {
      assertEquals(one.get(i)[0], three.get(i)[0], 0.0f, "row " + i);
      assertEquals(one.get(i)[1], three.get(i)[1], 0.0f, "row " + i);
    }
    // shard sizes: 1001 = 334 + 334 + 333
    assertEquals(334, source.loadShard(0, 3).size());
    assertEquals(334, source.loadShard(1, 3).size());
    assertEquals(333, source.loadShard(2, 3).size());
    // partition p of P holds the samples i = p mod P: row 1 of shard 2 of 3 is sample 5
    assertEquals(source.loadShard(0, 1).value(5, 0), source.loadShard(2, 3).value(1, 0), 0.0f);
  }

  @Test
  void seedChangesTheDataAndIsReproducible() {
    DataShard a = new GaussianMixtureSource(GaussianMixtureSource.Layout.RING_8, 50, 1).loadShard(0, 1);
    DataShard b = new GaussianMixtureSource(GaussianMixtureSource.Layout.RING_8, 50, 1).loadShard(0, 1);
    DataShard c = new GaussianMixtureSource(GaussianMixtureSource.Layout.RING_8, 50, 2).loadShard(0, 1);
    boolean differs = false;
    for (int r = 0; r < 50; r++) {
      assertEquals(a.value(r, 0), b.value(r, 0), 0.0f);
      assertEquals(a.value(r, 1), b.value(r, 1), 0.0f);
      differs |= a.value(r, 0) != c.value(r, 0);
    }
    assertTrue(differs, "another seed gives other samples");
  }

  @Test
  void gridHasTwentyFiveCentresFromMinusFourToFour() {
    GaussianMixtureSource source = new GaussianMixtureSource(GaussianMixtureSource.Layout.GRID_25, 3000, 5);
    double[][] centres = source.centres();
    assertEquals(25, centres.length);
    Set<String> expected = new HashSet<>();
    for (int x = -4; x <= 4; x += 2) {
      for (int y = -4; y <= 4; y += 2) {
        expected.add(x + "," + y);
      }
    }
    Set<String> actual = new HashSet<>();
    for (double[] c : centres) {
      actual.add(Math.round(c[0]) + "," + Math.round(c[1]));
      assertEquals(Math.rint(c[0]), c[0], 0.0);
      assertEquals(Math.rint(c[1]), c[1], 0.0);
    }
    assertEquals(expected, actual);
    assertEquals(0.05, source.standardDeviation(), 0.0);
    boolean[] seen = new boolean[25];
    for (float[] row : rows(source.loadShard(0, 1))) {
      int k = nearestCentre(centres, row);
      assertTrue(Math.hypot(row[0] - centres[k][0], row[1] - centres[k][1]) < 6 * 0.05);
      seen[k] = true;
    }
    for (int k = 0; k < 25; k++) {
      assertTrue(seen[k], "grid mode " + k + " never drawn in 3000 samples");
    }
    assertNotEquals(source.name(), new GaussianMixtureSource(GaussianMixtureSource.Layout.RING_8, 1, 1).name());
  }

  @Test
  void nonPositiveSampleCountIsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new GaussianMixtureSource(GaussianMixtureSource.Layout.RING_8, 0, 1));
  }
}
