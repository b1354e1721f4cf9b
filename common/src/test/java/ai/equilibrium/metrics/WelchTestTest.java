package ai.equilibrium.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Welch's t-test against Student's t table and a worked example computed by hand. */
class WelchTestTest {

  /** Two-sided critical values of Student's t: P(|T| >= t) = p. */
  @ParameterizedTest(name = "df {0}, t {1}")
  @CsvSource({"1, 12.706205, 0.05", "5, 2.570582, 0.05", "10, 2.228139, 0.05", "18, 2.100922, 0.05",
      "10, 3.169273, 0.01", "30, 2.042272, 0.05", "4.5, 0, 1", "1000, 1.962339, 0.05", "2, 9.924843, 0.01"})
  void pValuesMatchStudentsTable(double df, double t, double p) {
    assertEquals(p, WelchTest.twoSidedP(t, df), 1e-6 * Math.max(p, 1e-3));
    assertEquals(p, WelchTest.twoSidedP(-t, df), 1e-6 * Math.max(p, 1e-3));
  }

  @Test
  void logGammaMatchesFactorialsAndHalfIntegers() {
    assertEquals(Math.log(362880), WelchTest.logGamma(10), 1e-12);
    assertEquals(0.5 * Math.log(Math.PI), WelchTest.logGamma(0.5), 1e-13);
    assertEquals(Math.log(0.75 * Math.sqrt(Math.PI)), WelchTest.logGamma(2.5), 1e-13);
  }

  /**
   * a = 1..5 (mean 3, s² 2.5), b = 2,4,6,8,10 (mean 6, s² 10): t = -3 / sqrt(0.5 + 2) = -1.897367,
   * df = 2.5² / (0.5²/4 + 2²/4) = 5.882353.
   */
  @Test
  void aWorkedExample() {
    WelchTest test = WelchTest.of(new double[] {1, 2, 3, 4, 5}, new double[] {2, 4, 6, 8, 10});
    assertEquals(3, test.a().mean(), 1e-15);
    assertEquals(Math.sqrt(10), test.b().sd(), 1e-14);
    assertEquals(-1.8973666, test.t(), 1e-7);
    assertEquals(5.8823529, test.df(), 1e-7);
    // P(|T| >= 1.897367) with 5.882353 degrees of freedom lies between the table's 0.10 (t 1.943 at df 6)
    // and 0.20 (t 1.440); the continued fraction agrees with the table rows above to 1e-6.
    assertEquals(0.1075, test.pValue(), 5e-4);
  }

  @Test
  void aSampleOfOneHasNoSpread() {
    assertThrows(IllegalArgumentException.class, () -> WelchTest.of(new double[] {1}, new double[] {1, 2}));
  }
}
