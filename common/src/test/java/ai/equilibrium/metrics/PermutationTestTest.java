package ai.equilibrium.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PermutationTestTest {

  @Test
  void thePValueIsTheShareOfRelabellingsAtLeastAsExtremeAsTheObservedOne() {
    // a = {5, 6}, b = {1, 2, 3, 4}: of the 15 ways to pick a's two, sums >= 11 are {5, 6} alone: p = 1/15
    PermutationTest t = PermutationTest.greater(new double[] {5, 6}, new double[] {1, 2, 3, 4}, 1, 99_999);
    assertEquals(5.5 - 2.5, t.difference(), 1e-12);
    assertEquals(1.0 / 15, t.pValue(), 0.003);
    // ties count as at least as extreme: a = {2, 2} among {2, 2, 2, 2}: every relabelling ties
    assertEquals(1.0, PermutationTest.greater(new double[] {2, 2}, new double[] {2, 2}, 1).pValue(), 0.0);
    // never below 1 / (R + 1), and a different seed gives nearly the same answer
    PermutationTest far = PermutationTest.greater(new double[] {100, 101, 102}, new double[] {1, 2, 3, 4, 5}, 7, 999);
    assertTrue(far.pValue() >= 1.0 / 1000 && far.pValue() < 0.03, "p = " + far.pValue());
    assertEquals(t.pValue(), PermutationTest.greater(new double[] {5, 6}, new double[] {1, 2, 3, 4}, 2, 99_999)
        .pValue(), 0.004);
  }

  @Test
  void theNormalQuantileInvertsTheDistributionFunction() {
    assertEquals(1.959963984540054, NormalDistribution.quantile(0.975), 1e-9);
    assertEquals(0.8416212335729143, NormalDistribution.quantile(0.8), 1e-9);
    assertEquals(-2.326347874040841, NormalDistribution.quantile(0.01), 1e-9);
    assertEquals(0.9750021048517795, NormalDistribution.cdf(1.96), 1e-12);
    assertEquals(2.866515718791939e-7, NormalDistribution.cdf(-5), 1e-18);
    for (double p : new double[] {1e-6, 0.02, 0.3, 0.5, 0.9, 0.999}) {
      assertEquals(p, NormalDistribution.cdf(NormalDistribution.quantile(p)), 1e-12 * Math.max(1, p / 1e-6));
    }
  }
}
