package ai.equilibrium.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionTableTest {

  @Test
  void aSoftmaxModelPredictsItsMostProbableClassAndWritesFloatsThatReadBack() {
    PredictionTable table = new PredictionTable(List.of("p0", "p1", "p2"), false, false);
    Prediction prediction = new Prediction("a,\"b\"", new double[] {0.25f, 0.7f, 0.05f});
    assertEquals("id,predicted,p0,p1,p2", table.csvHeader());
    assertEquals("\"a,\"\"b\"\"\",1,0.25,0.7,0.05", table.csvLine(prediction));
    assertEquals(0, table.predicted(new double[] {0.5, 0.5}), "the first of a tie");
  }

  @Test
  void aMultiLabelModelPredictsTheLabelsAboveOneHalf() {
    PredictionTable table = new PredictionTable(List.of("Smiling", "Eyeglasses", "Male"), true, true);
    Prediction prediction = new Prediction("000001.jpg", new double[] {0.9, 0.5, 0.6});
    assertEquals("000001.jpg,Smiling Male,0.9,0.5,0.6", table.csvLine(prediction));
  }
}
