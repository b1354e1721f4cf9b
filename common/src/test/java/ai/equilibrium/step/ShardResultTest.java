package ai.equilibrium.step;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.tensor.NumericVector;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class ShardResultTest {
  private static NumericVector vec(double... values) {
    return NumericVector.of(values, DataType.DOUBLE);
  }

  /** Partition A: one adversary pass, one main pass, 4 samples. Built fresh on each call. */
  private static ShardResult partitionA() {
    ShardResult r = new ShardResult();
    r.addGradient(GradientTerm.own(Player.ADVERSARY), vec(1.0, 2.0, 3.0), 1);
    r.addGradient(GradientTerm.own(Player.MAIN), vec(0.5, -0.5), 1);
    r.addLoss(Player.ADVERSARY, 5.5);
    r.addLoss(Player.MAIN, 2.0);
    r.addDiagnostic("d_real", 1.5, 4);
    r.addSamples(4);
    return r;
  }

  /** Partition B: two adversary passes (two micro-batches), no main gradient, 6 samples. */
  private static ShardResult partitionB() {
    ShardResult r = new ShardResult();
    r.addGradient(GradientTerm.own(Player.ADVERSARY), vec(0.25, -1.0, 10.0), 1);
    r.addGradient(GradientTerm.own(Player.ADVERSARY), vec(0.25, 0.0, -4.0), 1);
    r.addLoss(Player.ADVERSARY, 2.5);
    r.addLoss(Player.ADVERSARY, 1.0);
    r.addDiagnostic("penalty", 0.5, 2);
    r.addDiagnostic("d_real", 3.0, 6);
    r.addSamples(6);
    return r;
  }

  private static void assertSameResult(ShardResult expected, ShardResult actual) {
    for (GradientTerm t : GradientTerm.values()) {
      assertEquals(expected.hasGradient(t), actual.hasGradient(t), t.toString());
      if (expected.hasGradient(t)) {
        assertEquals(expected.gradientSum(t), actual.gradientSum(t), t.toString());
      }
      assertEquals(expected.passes(t), actual.passes(t), t.toString());
    }
    for (Player p : Player.values()) {
      assertEquals(expected.meanLoss(p), actual.meanLoss(p), 0.0, p.toString());
    }
    assertEquals(expected.samples(), actual.samples());
    assertEquals(expected.diagnosticMeans().keySet(), actual.diagnosticMeans().keySet());
    expected.diagnosticMeans().forEach((name, mean) -> assertEquals(mean, actual.diagnosticMeans().get(name), 0.0, name));
  }

  @Test
  void emptyIsTheIdentityOnBothSides() {
    ShardResult merged = new ShardResult().merge(partitionA());
    assertSameResult(partitionA(), merged);
    ShardResult a = partitionA();
    assertSame(a, a.merge(new ShardResult()), "merge returns this");
    assertSameResult(partitionA(), a);
  }

  @Test
  void mergeIsOrderIndependent() {
    ShardResult ab = partitionA().merge(partitionB());
    ShardResult ba = partitionB().merge(partitionA());
    assertSameResult(ab, ba);
    // element-wise sums: adversary (1 + 0.25 + 0.25, 2 - 1 + 0, 3 + 10 - 4)
    assertEquals(vec(1.5, 1.0, 9.0), ab.gradientSum(GradientTerm.own(Player.ADVERSARY)));
    assertEquals(vec(0.5, -0.5), ab.gradientSum(GradientTerm.own(Player.MAIN)));
  }

  @Test
  void passesAndSamplesAddUp() {
    ShardResult ab = partitionA().merge(partitionB());
    assertEquals(3, ab.passes(GradientTerm.own(Player.ADVERSARY)));
    assertEquals(1, ab.passes(GradientTerm.own(Player.MAIN)));
    assertEquals(10, ab.samples());
    assertEquals(0, new ShardResult().passes(GradientTerm.own(Player.MAIN)));
  }

  @Test
  void meanLossDividesBySamples() {
    ShardResult ab = partitionA().merge(partitionB());
    // adversary loss sums 5.5 + 2.5 + 1.0 = 9 over 10 samples; main 2.0 over 10
    assertEquals(0.9, ab.meanLoss(Player.ADVERSARY), 1e-15);
    assertEquals(0.2, ab.meanLoss(Player.MAIN), 1e-15);
    assertTrue(Double.isNaN(partitionB().meanLoss(Player.MAIN)), "no loss reported: NaN");
  }

  @Test
  void diagnosticsAverageOverTheirOwnCountsByName() {
    ShardResult ab = partitionA().merge(partitionB());
    assertEquals((1.5 + 3.0) / 10, ab.diagnosticMeans().get("d_real"), 1e-15);
    assertEquals(0.5 / 2, ab.diagnosticMeans().get("penalty"), 1e-15, "averaged over the 2 samples it was reported for");
    assertFalse(ab.diagnosticMeans().containsKey("d_fake"), "never reported");
    assertTrue(new ShardResult().diagnosticMeans().isEmpty());
  }

  @Test
  void diagnosticsKeepTheOrderTheyWereFirstReportedIn() {
    assertEquals(java.util.List.of("d_real", "penalty"), java.util.List.copyOf(
        partitionA().merge(partitionB()).diagnosticMeans().keySet()));
    assertEquals(java.util.List.of("penalty", "d_real"), java.util.List.copyOf(
        partitionB().merge(partitionA()).diagnosticMeans().keySet()));
  }

  @Test
  void mismatchedGradientLengthsAreRejected() {
    ShardResult a = partitionA();
    ShardResult shorter = new ShardResult();
    shorter.addGradient(GradientTerm.own(Player.ADVERSARY), vec(1.0, 2.0), 1);
    assertThrows(IllegalArgumentException.class, () -> a.merge(shorter));
    ShardResult b = partitionA();
    assertThrows(IllegalArgumentException.class, () -> b.addGradient(GradientTerm.own(Player.MAIN), vec(1.0, 2.0, 3.0), 1));
    ShardResult c = partitionA();
    assertThrows(IllegalArgumentException.class,
        () -> c.addGradient(GradientTerm.own(Player.MAIN), NumericVector.of(new double[] {1, 2}, DataType.FLOAT), 1),
        "precisions must match too");
  }

  @Test
  void missingGradientIsAnError() {
    assertFalse(partitionB().hasGradient(GradientTerm.own(Player.MAIN)));
    assertThrows(IllegalStateException.class, () -> partitionB().gradientSum(GradientTerm.own(Player.MAIN)));
  }
}
