package ai.equilibrium.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class BlockDotsTest {

  @Test
  void reusedBlocksHoldTheBitsOfAFreshGemmWhateverTheirShapesInTurn() {
    Nd4j.getRandom().setSeed(3);
    INDArray references = Nd4j.randn(DataType.DOUBLE, 37, 19);
    BlockDots dots = new BlockDots();
    // a full block, a shorter last block, a full one again, and a taller one, through the same scratch
    for (int rows : new int[] {8, 5, 8, 13}) {
      INDArray block = Nd4j.randn(DataType.DOUBLE, rows, 19);
      double[] expected = Nd4j.toFlattened('c', Nd4j.gemm(block, references, false, true)).toDoubleVector();
      double[] actual = Arrays.copyOf(dots.of(block, references), rows * 37);
      assertArrayEquals(expected, actual, 0.0, rows + " rows");
    }
  }

  @Test
  void aBlockAgainstItselfIsSymmetricInItsRowMajorLayout() {
    INDArray x = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}, {5, 6}});
    assertArrayEquals(new double[] {5, 11, 17, 11, 25, 39, 17, 39, 61}, Arrays.copyOf(new BlockDots().of(x, x), 9),
        0.0);
  }

  @Test
  void rowRangesOfASetHoldTheBitsOfAGemmOnTheirCopies() {
    Nd4j.getRandom().setSeed(5);
    INDArray queries = Nd4j.randn(DataType.DOUBLE, 23, 11);
    INDArray references = Nd4j.randn(DataType.DOUBLE, 17, 11);
    BlockDots dots = new BlockDots();
    // blocks of 7 rows and a last one of 2, then a full block again, through the same storage
    for (int[] range : new int[][] {{0, 7}, {7, 14}, {14, 21}, {21, 23}, {0, 7}}) {
      INDArray rows = queries.get(NDArrayIndex.interval(range[0], range[1]), NDArrayIndex.all()).dup('c');
      double[] expected = Nd4j.toFlattened('c', Nd4j.gemm(rows, references, false, true)).toDoubleVector();
      double[] actual = Arrays.copyOf(dots.ofRows(queries, range[0], range[1], references), expected.length);
      assertArrayEquals(expected, actual, 0.0, "rows " + range[0] + ".." + range[1]);
    }
  }
}
