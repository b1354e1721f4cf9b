package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BestResponseStudySummaryTest {

  @Test
  void summarizesEachFormPerCheckpointInStepOrder() {
    List<Map<String, Object>> rows = List.of(
        Map.of("variant", "exact", "checkpoint", "step-1000", "brc_solver_residual", 0.01, "term_norm", 2.0,
            "gradient_norm", 1.0),
        Map.of("variant", "fisher", "checkpoint", "step-200", "cosine_to_exact", 0.5, "norm_ratio_to_exact", 2.0),
        Map.of("variant", "fisher", "checkpoint", "step-1000", "cosine_to_exact", 0.2, "norm_ratio_to_exact", 1.0),
        Map.of("variant", "fisher", "checkpoint", "step-1000", "cosine_to_exact", -0.4, "norm_ratio_to_exact", 3.0));
    String table = BestResponseStudySummary.markdown(rows);
    assertTrue(table.contains("| fisher | step-1000 | 2 | -0.10 ± 0.42 | 1 of 2 | 2.00 (1.00 .. 3.00) |"), table);
    assertTrue(table.indexOf("step-200") < table.indexOf("| fisher | step-1000"), "checkpoints in step order: " + table);
    assertTrue(table.contains("| exact | step-1000 | 1 | residual median 0.0100"), table);
  }
}
