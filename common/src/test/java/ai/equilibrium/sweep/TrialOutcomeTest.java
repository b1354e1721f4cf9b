package ai.equilibrium.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrialOutcomeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void scoresAtReportStepsRoundTripAndOlderOutcomesHaveNone() throws Exception {
    TrialOutcome outcome = new TrialOutcome("a-t000-s1", "a", 0, 1, "abc", Map.of("k", "1"), 3.5, 2.5, false, "", 12.0,
        "rev", "data", Map.of(5000L, 4.25, 1500L, 9.0));
    TrialOutcome read = JSON.readValue(JSON.writeValueAsBytes(outcome), TrialOutcome.class);
    assertEquals(outcome, read);
    assertEquals(java.util.List.of(1500L, 5000L), java.util.List.copyOf(read.scoresAtSteps().keySet()));
    String older = "{\"trial\":\"a-t000-s1\",\"arm\":\"a\",\"index\":0,\"seed\":1,\"configHash\":\"abc\","
        + "\"sampled\":{},\"finalScore\":3.5,\"bestScore\":2.5,\"diverged\":false,\"reason\":\"\",\"wallSeconds\":1.0,"
        + "\"codeRevision\":\"rev\",\"dataHash\":\"data\"}";
    assertEquals(Map.of(), JSON.readValue(older, TrialOutcome.class).scoresAtSteps());
  }
}
