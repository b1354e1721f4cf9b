package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.nightly.RegressionCheck;
import ai.equilibrium.nightly.SuiteSpec;
import ai.equilibrium.sweep.ExpectedBest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scheduler must tell a regression (1) from bad input (2) and from a night that could not run (3). */
class NightlyJobExitTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int status(NightlyJob.NightRun night) {
    return NightlyJob.exitStatus(night, new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static NightlyJob.EntryResult result(RegressionCheck.Status status) {
    SuiteSpec.Entry entry = new SuiteSpec.Entry("ring-adam", "conf/ring-mlp.conf", List.of(), List.of(1L, 2L),
        "modes_covered", ExpectedBest.Direction.HIGHER_IS_BETTER);
    return new NightlyJob.EntryResult(entry,
        new RegressionCheck.Verdict(status, 8, 8, 0, 0.5, "", "mean 8 against 8"), 1.0);
  }

  @Test
  void aNightThatRanExitsOneExactlyWhenAnEntryRegressed() {
    assertEquals(0, status(() -> List.of(result(RegressionCheck.Status.PASS), result(RegressionCheck.Status.BASELINE))));
    assertEquals(NightlyJob.REGRESSION,
        status(() -> List.of(result(RegressionCheck.Status.PASS), result(RegressionCheck.Status.REGRESSED))));
  }

  @Test
  void badInputExitsTwoWithItsMessage() {
    assertEquals(NightlyJob.BAD_INPUT, status(() -> {
      throw new ConfigError("suite.entries", "must hold at least one entry");
    }));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("suite.entries"), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aFailureThatIsNotAVerdictExitsThreeNotOne() {
    assertEquals(NightlyJob.FAILED, status(() -> {
      throw new UncheckedIOException(new IOException("history.parquet: Permission denied"));
    }));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("could not run"), err.toString(StandardCharsets.UTF_8));
    assertEquals(NightlyJob.FAILED, status(() -> {
      throw new OutOfMemoryError("Java heap space");
    }));
  }
}
