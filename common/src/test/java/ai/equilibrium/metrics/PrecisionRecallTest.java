package ai.equilibrium.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PrecisionRecallTest {
  private static final double[][] FOUR_MODES = {{0, 0}, {100, 0}, {0, 100}, {100, 100}};

  @Test
  void aHandExampleUsesTheKthNearestOtherSampleAsRadius() {
    // Real {0, 1, 3, 6} with k = 1: radii 1, 1, 2, 3.
    // Generated 4.5 is 1.5 from 3 (radius 2): inside. 9 is exactly 3 from 6 (radius 3): inside, the boundary
    // counts. 9.5 is 3.5 from 6: outside. -1.5 is 1.5 from 0 and 2.5 from 1 (radii 1): outside. Precision 2/4.
    // Generated radii (k = 1): -1.5 -> 6, 4.5 -> 4.5, 9 -> 0.5, 9.5 -> 0.5. Real 0, 1 and 3 lie within 6 of
    // -1.5 and real 6 within 4.5 of 4.5: recall 1.
    INDArray real = column(0, 1, 3, 6);
    INDArray generated = column(4.5, 9, 9.5, -1.5);
    PrecisionRecall pr = PrecisionRecall.of(real, generated, 1);
    assertEquals(0.5, pr.precision(), 0.0);
    assertEquals(1.0, pr.recall(), 0.0);
    assertEquals(1, pr.k());
    // With k = 2 the real radii grow to 3, 2, 3, 5: -1.5 (1.5 from 0) and 9.5 (3.5 from 6) are inside too.
    assertEquals(1.0, PrecisionRecall.of(real, generated, 2).precision(), 0.0);
  }

  @Test
  void identicalSetsHaveFullPrecisionAndRecall() {
    INDArray samples = mixture(FOUR_MODES, new int[] {0, 1, 2, 3}, 400, 1);
    PrecisionRecall pr = PrecisionRecall.of(samples, samples.dup());
    assertEquals(1.0, pr.precision(), 0.0);
    assertEquals(1.0, pr.recall(), 0.0);
    assertEquals(PrecisionRecall.DEFAULT_K, pr.k());
  }

  @Test
  void farApartSetsHaveNeitherPrecisionNorRecall() {
    INDArray real = mixture(new double[][] {{0, 0}}, new int[] {0}, 300, 2);
    INDArray generated = mixture(new double[][] {{1000, -1000}}, new int[] {0}, 300, 3);
    PrecisionRecall pr = PrecisionRecall.of(real, generated);
    assertEquals(0.0, pr.precision(), 0.0);
    assertEquals(0.0, pr.recall(), 0.0);
  }

  @Test
  void aGeneratorCoveringHalfTheModesIsPreciseButRecallsHalf() {
    INDArray real = mixture(FOUR_MODES, new int[] {0, 1, 2, 3}, 2000, 4);
    // fresh samples from the same distribution, restricted to modes 0 and 1
    INDArray halfModes = mixture(FOUR_MODES, new int[] {0, 1}, 1000, 5);
    PrecisionRecall pr = PrecisionRecall.of(real, halfModes);
    assertTrue(pr.precision() > 0.95, "precision " + pr.precision());
    // real samples of modes 2 and 3 are 100 standard deviations from any generated ball
    assertTrue(pr.recall() <= 0.5 && pr.recall() > 0.45, "recall " + pr.recall());
  }

  @Test
  void blockwiseDistancesGiveTheSameAnswerAsOneBlock() {
    INDArray real = mixture(FOUR_MODES, new int[] {0, 1, 2, 3}, 120, 6);
    INDArray generated = mixture(new double[][] {{1, 1}, {101, 1}, {1, 101}}, new int[] {0, 1, 2}, 100, 7);
    PrecisionRecall whole = PrecisionRecall.of(real, generated, 3, Integer.MAX_VALUE);
    // 7 distances per block: one row at a time, so every block boundary is crossed
    PrecisionRecall blocks = PrecisionRecall.of(real, generated, 3, 7);
    assertTrue(whole.precision() > 0 && whole.precision() < 1, "a non-trivial case: " + whole);
    assertEquals(whole, blocks);
    assertEquals(whole, PrecisionRecall.of(real, generated, 3, 1000));
  }

  @Test
  void rejectsKOutsideTheSetSizes() {
    INDArray four = column(0, 1, 2, 3);
    assertThrows(IllegalArgumentException.class, () -> PrecisionRecall.of(four, four, 0));
    assertThrows(IllegalArgumentException.class, () -> PrecisionRecall.of(four, four, 4));
    assertThrows(IllegalArgumentException.class, () -> PrecisionRecall.of(four, Nd4j.zeros(4, 2), 1));
  }

  private static INDArray column(double... values) {
    double[][] rows = new double[values.length][];
    for (int i = 0; i < values.length; i++) {
      rows[i] = new double[] {values[i]};
    }
    return Nd4j.createFromArray(rows);
  }

  /** n samples with unit standard deviation around the given modes, cycling through them. */
  private static INDArray mixture(double[][] centres, int[] modes, int n, long seed) {
    Random random = new Random(seed);
    float[][] rows = new float[n][2];
    for (int i = 0; i < n; i++) {
      double[] centre = centres[modes[i % modes.length]];
      rows[i][0] = (float) (centre[0] + random.nextGaussian());
      rows[i][1] = (float) (centre[1] + random.nextGaussian());
    }
    return Nd4j.createFromArray(rows);
  }
}
