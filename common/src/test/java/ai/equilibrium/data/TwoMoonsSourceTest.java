package ai.equilibrium.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TwoMoonsSourceTest {
  private static final double TWO_OVER_PI = 2 / Math.PI;

  private static TwoMoonsSource moons(double rotation, long seed) {
    return new TwoMoonsSource(600, 300, 0.1, rotation, seed);
  }

  /** (x, y) rotated counter-clockwise by {@code degrees} about (0.5, 0.25). */
  private static double[] rotate(double x, double y, double degrees) {
    double a = Math.toRadians(degrees);
    double dx = x - 0.5;
    double dy = y - 0.25;
    return new double[] {0.5 + Math.cos(a) * dx - Math.sin(a) * dy, 0.25 + Math.sin(a) * dx + Math.cos(a) * dy};
  }

  @Test
  void shapeSizesAndBalancedLabels() {
    TwoMoonsSource source = moons(30, 1);
    assertEquals(new SampleShape.Point(2), source.shape());
    assertEquals(2, source.classes());
    DomainShard all = source.loadShard(0, 1);
    assertEquals(2, all.dimension());
    assertEquals(2, all.classes());
    assertEquals(600, all.sourceSize());
    assertEquals(600, all.targetSize());
    assertEquals(300, source.heldOut(Domain.SOURCE).size());
    assertEquals(300, source.heldOut(Domain.TARGET).size());
    int ones = 0;
    for (int label : all.sourceLabels(range(600))) {
      ones += label;
    }
    assertEquals(300, ones, "exactly half of the source samples are class 1");
    // labels do not follow the partitioning: both halves of a 2-way split hold both classes
    for (int p = 0; p < 2; p++) {
      DomainShard shard = source.loadShard(p, 2);
      Set<Integer> classes = new HashSet<>();
      for (int label : shard.sourceLabels(range(shard.sourceSize()))) {
        classes.add(label);
      }
      assertEquals(Set.of(0, 1), classes, "partition " + p + " of 2");
    }
  }

  @Test
  void withoutNoiseSourcePointsLieOnTheirMoon() {
    TwoMoonsSource source = new TwoMoonsSource(400, 10, 0, 30, 3);
    DomainShard shard = source.loadShard(0, 1);
    int[] labels = shard.sourceLabels(range(400));
    for (int r = 0; r < 400; r++) {
      double x = shard.sourceValue(r, 0);
      double y = shard.sourceValue(r, 1);
      if (labels[r] == 0) {
        // outer moon: the upper half of the unit circle
        assertEquals(1, Math.hypot(x, y), 1e-6, "row " + r);
        assertTrue(y >= -1e-6, "row " + r);
      } else {
        // inner moon: the lower half of the unit circle about (1, 0.5)
        assertEquals(1, Math.hypot(x - 1, y - 0.5), 1e-6, "row " + r);
        assertTrue(y <= 0.5 + 1e-6, "row " + r);
      }
    }
  }

  @Test
  void targetIsExactlyTheRotationOfTheSameDraws() {
    // rotation 0 gives the target's draws unrotated; rotating them by hand must give the 30-degree target
    TwoMoonsSource plain = moons(0, 11);
    TwoMoonsSource rotated = moons(30, 11);
    DomainShard a = plain.loadShard(1, 3);
    DomainShard b = rotated.loadShard(1, 3);
    boolean moved = false;
    for (int r = 0; r < a.targetSize(); r++) {
      double[] expected = rotate(a.targetValue(r, 0), a.targetValue(r, 1), 30);
      assertEquals(expected[0], b.targetValue(r, 0), 1e-5, "target row " + r + " x");
      assertEquals(expected[1], b.targetValue(r, 1), 1e-5, "target row " + r + " y");
      moved |= Math.abs(b.targetValue(r, 0) - a.targetValue(r, 0)) > 1e-3;
      // the source domain does not rotate
      assertEquals(a.sourceValue(r, 0), b.sourceValue(r, 0), 0f);
      assertEquals(a.sourceValue(r, 1), b.sourceValue(r, 1), 0f);
    }
    assertTrue(moved, "a 30-degree rotation moves the points");
    LabelledSet testA = plain.heldOut(Domain.TARGET);
    LabelledSet testB = rotated.heldOut(Domain.TARGET);
    assertArrayEquals(testA.labels(), testB.labels());
    for (int r = 0; r < testA.size(); r++) {
      double[] expected = rotate(testA.value(r, 0), testA.value(r, 1), 30);
      assertEquals(expected[0], testB.value(r, 0), 1e-5, "held-out target row " + r);
      assertEquals(expected[1], testB.value(r, 1), 1e-5, "held-out target row " + r);
    }
  }

  @Test
  void classMeansAreTheMoonsAndTheirRotation() {
    TwoMoonsSource source = new TwoMoonsSource(10, 4000, 0.1, 30, 5);
    // E[(cos t, sin t)] for t uniform in [0, pi] is (0, 2 / pi); the inner moon's is (1, 0.5 - 2 / pi)
    double[][] sourceMeans = {{0, TWO_OVER_PI}, {1, 0.5 - TWO_OVER_PI}};
    double[][] measuredSource = classMeans(source.heldOut(Domain.SOURCE));
    double[][] measuredTarget = classMeans(source.heldOut(Domain.TARGET));
    // each mean is over 2000 points whose coordinates have std < 0.75: standard error < 0.017
    for (int k = 0; k < 2; k++) {
      double[] rotated = rotate(sourceMeans[k][0], sourceMeans[k][1], 30);
      assertEquals(sourceMeans[k][0], measuredSource[k][0], 0.07, "source class " + k + " x");
      assertEquals(sourceMeans[k][1], measuredSource[k][1], 0.07, "source class " + k + " y");
      assertEquals(rotated[0], measuredTarget[k][0], 0.07, "target class " + k + " x");
      assertEquals(rotated[1], measuredTarget[k][1], 0.07, "target class " + k + " y");
    }
    // the rotation moves class 0's mean by 2 sin(15 deg) |(0, 2 / pi) - (0.5, 0.25)| = 0.33, far beyond the tolerance
    assertTrue(Math.hypot(measuredTarget[0][0] - measuredSource[0][0], measuredTarget[0][1] - measuredSource[0][1])
        > 0.2);
  }

  @Test
  void partitionsAreDisjointAndCoverEverySample() {
    TwoMoonsSource source = moons(30, 2);
    DomainShard all = source.loadShard(0, 1);
    for (int partitions = 1; partitions <= 3; partitions++) {
      int sources = 0;
      int targets = 0;
      for (int p = 0; p < partitions; p++) {
        DomainShard shard = source.loadShard(p, partitions);
        // partition p of P holds samples p, p + P, p + 2P, ... of each domain, in order
        for (int r = 0; r < shard.sourceSize(); r++) {
          int i = p + r * partitions;
          assertEquals(all.sourceValue(i, 0), shard.sourceValue(r, 0), 0f, p + " of " + partitions + " row " + r);
          assertEquals(all.sourceValue(i, 1), shard.sourceValue(r, 1), 0f);
          assertEquals(all.sourceLabels(new int[] {i})[0], shard.sourceLabels(new int[] {r})[0]);
        }
        for (int r = 0; r < shard.targetSize(); r++) {
          int i = p + r * partitions;
          assertEquals(all.targetValue(i, 0), shard.targetValue(r, 0), 0f, p + " of " + partitions + " row " + r);
          assertEquals(all.targetValue(i, 1), shard.targetValue(r, 1), 0f);
        }
        sources += shard.sourceSize();
        targets += shard.targetSize();
      }
      assertEquals(600, sources, partitions + " partitions");
      assertEquals(600, targets, partitions + " partitions");
    }
    assertEquals(all.sourceSize(), points(all, Domain.SOURCE).size(), "no two source samples coincide");
  }

  @Test
  void heldOutSamplesAreNotTrainingSamples() {
    TwoMoonsSource source = moons(30, 4);
    DomainShard train = source.loadShard(0, 1);
    for (Domain domain : Domain.values()) {
      Set<String> training = points(train, domain);
      LabelledSet test = source.heldOut(domain);
      for (int r = 0; r < test.size(); r++) {
        assertFalse(training.contains(test.value(r, 0) + "," + test.value(r, 1)), domain + " test row " + r);
      }
    }
  }

  @Test
  void seedFixesEveryDraw() {
    DomainShard a = moons(30, 9).loadShard(0, 2);
    DomainShard b = moons(30, 9).loadShard(0, 2);
    DomainShard c = moons(30, 10).loadShard(0, 2);
    int differs = 0;
    for (int r = 0; r < a.sourceSize(); r++) {
      for (int d = 0; d < 2; d++) {
        assertEquals(a.sourceValue(r, d), b.sourceValue(r, d), 0f);
        assertEquals(a.targetValue(r, d), b.targetValue(r, d), 0f);
        differs += a.sourceValue(r, d) != c.sourceValue(r, d) ? 1 : 0;
      }
    }
    assertArrayEquals(a.sourceLabels(range(a.sourceSize())), b.sourceLabels(range(b.sourceSize())));
    assertArrayEquals(moons(30, 9).heldOut(Domain.TARGET).rows(), moons(30, 9).heldOut(Domain.TARGET).rows());
    assertTrue(differs > a.sourceSize(), "another seed gives other samples");
    assertNotEquals(a.targetValue(0, 0), a.sourceValue(0, 0), "the domains use different streams");
  }

  @Test
  void travelsToExecutorsAsItsParameters() throws IOException, ClassNotFoundException {
    TwoMoonsSource source = moons(30, 6);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(source);
    }
    assertTrue(bytes.size() < 1000, bytes.size() + " bytes");
    TwoMoonsSource copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (TwoMoonsSource) in.readObject();
    }
    assertEquals(source.loadShard(2, 3).targetValue(7, 1), copy.loadShard(2, 3).targetValue(7, 1), 0f);
  }

  @Test
  void invalidParametersAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new TwoMoonsSource(0, 10, 0.1, 30, 1));
    assertThrows(IllegalArgumentException.class, () -> new TwoMoonsSource(10, 0, 0.1, 30, 1));
    assertThrows(IllegalArgumentException.class, () -> new TwoMoonsSource(10, 10, -0.1, 30, 1));
    assertThrows(IllegalArgumentException.class, () -> new TwoMoonsSource(10, 10, Double.NaN, 30, 1));
    assertThrows(IllegalArgumentException.class, () -> moons(30, 1).loadShard(3, 3));
  }

  private static double[][] classMeans(LabelledSet set) {
    double[][] sums = new double[2][2];
    int[] counts = new int[2];
    for (int r = 0; r < set.size(); r++) {
      int k = set.label(r);
      sums[k][0] += set.value(r, 0);
      sums[k][1] += set.value(r, 1);
      counts[k]++;
    }
    assertEquals(set.size() / 2, counts[0], "balanced held-out classes");
    return new double[][] {{sums[0][0] / counts[0], sums[0][1] / counts[0]},
        {sums[1][0] / counts[1], sums[1][1] / counts[1]}};
  }

  private static Set<String> points(DomainShard shard, Domain domain) {
    Set<String> points = new HashSet<>();
    int size = domain == Domain.SOURCE ? shard.sourceSize() : shard.targetSize();
    for (int r = 0; r < size; r++) {
      points.add(domain == Domain.SOURCE ? shard.sourceValue(r, 0) + "," + shard.sourceValue(r, 1)
          : shard.targetValue(r, 0) + "," + shard.targetValue(r, 1));
    }
    return points;
  }

  static int[] range(int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    return out;
  }
}
