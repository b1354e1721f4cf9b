package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.nightly.CanaryCheck;
import ai.equilibrium.nightly.NightSummary;
import ai.equilibrium.nightly.NightlyHistory;
import ai.equilibrium.nightly.Power;
import ai.equilibrium.nightly.RegressionCheck;
import ai.equilibrium.nightly.SuiteSpec;
import ai.equilibrium.sweep.ExpectedBest;
import ai.equilibrium.train.TrainingDiverged;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A scheduler must tell a failed check (1) from bad input (2) and from a job that could not run (3), for every job. */
class JobMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private ExitStatus status(JobMain.Body body) {
    return JobMain.status(body, new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** A job that failed with {@code failure} could not run, and its line starts with {@code line}. */
  private void assertVerdict(String failure, String line) {
    err.reset();
    assertEquals(ExitStatus.COULD_NOT_RUN, status(() -> {
      throw new IllegalStateException(failure);
    }));
    assertTrue(errors().startsWith(line), errors());
  }

  private static NightSummary.EntryResult result(RegressionCheck.Status status) {
    return result(status, CanaryCheck.Status.SAME);
  }

  private static NightSummary.EntryResult result(RegressionCheck.Status status, CanaryCheck.Status canary) {
    SuiteSpec.Entry entry = new SuiteSpec.Entry("ring-adam", "conf/ring-mlp.conf", List.of(), 2, 0, 1,
        "modes_covered", ExpectedBest.Direction.HIGHER_IS_BETTER);
    NightlyHistory.Row row = new NightlyHistory.Row("n", "ring-adam", 1, "modes_covered", 8, false, false, "c", 1,
        "r", "d", NightlyHistory.Role.CANARY, "p", status.name(), 0.1);
    return new NightSummary.EntryResult(entry, new RegressionCheck.Verdict(status, 8, 8, 0, 0.5, 1, 2, 6,
        Power.UNKNOWN, "", "", "", "mean 8 against 8"), new CanaryCheck(canary, row, row, "seed 1"), "r", List.of(),
        1.0);
  }

  @Test
  void aNightFailsItsCheckWhenAnEntryRegressedOrACanaryDidNotRepeatAndSaysWhenItCouldNotDecide() {
    assertEquals(ExitStatus.OK, NightlyJob.exitStatus(List.of(result(RegressionCheck.Status.PASS),
        result(RegressionCheck.Status.BASELINE, CanaryCheck.Status.CHANGED))));
    assertEquals(ExitStatus.CHECK_FAILED, NightlyJob.exitStatus(List.of(result(RegressionCheck.Status.PASS),
        result(RegressionCheck.Status.REGRESSED))));
    assertEquals(ExitStatus.CHECK_FAILED, NightlyJob.exitStatus(List.of(result(RegressionCheck.Status.PASS,
        CanaryCheck.Status.NONDETERMINISTIC))));
    assertEquals(ExitStatus.INCONCLUSIVE, NightlyJob.exitStatus(List.of(result(RegressionCheck.Status.PASS),
        result(RegressionCheck.Status.INCONCLUSIVE))));
    assertEquals(ExitStatus.CHECK_FAILED, NightlyJob.exitStatus(List.of(result(RegressionCheck.Status.INCONCLUSIVE),
        result(RegressionCheck.Status.REGRESSED))));
    assertEquals(4, ExitStatus.INCONCLUSIVE.code);
  }

  @Test
  void badInputExitsTwoWithItsMessageOnOneLine() {
    assertEquals(ExitStatus.BAD_INPUT, status(() -> {
      throw new ConfigError("suite.entries", "must hold at least one entry");
    }));
    assertTrue(errors().contains("suite.entries"), errors());
    assertEquals(1, errors().lines().count(), errors());
  }

  @Test
  void aFailureThatIsNotAVerdictExitsThreeNotOne() {
    assertEquals(ExitStatus.COULD_NOT_RUN, status(() -> {
      throw new UncheckedIOException(new IOException("history.parquet: Permission denied"));
    }));
    assertTrue(errors().contains("could not run") && errors().contains("Permission denied"), errors());
    assertEquals(ExitStatus.COULD_NOT_RUN, status(() -> {
      throw new OutOfMemoryError("Java heap space");
    }));
    assertEquals(ExitStatus.COULD_NOT_RUN, status(() -> {
      throw new TrainingDiverged(12, "training diverged at step 12");
    }));
  }

  @Test
  void anExecutorKilledForItsMemoryIsOneLineNamingTheSettingToRaise() {
    // the reason as Spark 3.5 on YARN gives it after its retries, inside the job's failure
    RuntimeException yarn = new RuntimeException("Job aborted due to stage failure: Task 0 in stage 3.0 failed 2 times, "
        + "most recent failure: Lost task 0.1 in stage 3.0 (TID 7) (localhost executor 2): ExecutorLostFailure "
        + "(executor 2 exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding "
        + "physical memory limits. 1.1 GB of 1 GB physical memory used. Consider boosting "
        + "spark.executor.memoryOverhead.\nDriver stacktrace:", new IllegalStateException("cause"));
    assertEquals(ExitStatus.COULD_NOT_RUN, status(() -> {
      throw new RuntimeException("wrapped", yarn);
    }));
    assertEquals(1, errors().lines().count(), errors());
    assertTrue(errors().contains("(1.1 GB of 1 GB physical memory used)")
        && errors().contains("spark.executor.memoryOverhead"), errors());
    err.reset();
    assertEquals(ExitStatus.COULD_NOT_RUN, status(() -> {
      throw new IllegalStateException("ExecutorLostFailure (executor 3 exited caused by one of the running tasks) "
          + "Reason: The executor with id 3 exited with exit code 137(SIGKILL, possible container OOM).");
    }));
    assertTrue(errors().startsWith("equilibrium: an executor's container was killed for exceeding its memory"),
        errors());
  }

  @Test
  void aProcessOverItsMemoryCapIsOneLineNamingTheSettingToRaise() {
    // as JavaCPP fails an allocation of ND4J's once the garbage collector could not bring the process below its cap
    OutOfMemoryError driver = new OutOfMemoryError("Cannot allocate new LongPointer(1): totalBytes = 0, "
        + "physicalBytes = 1580M");
    driver.initCause(new OutOfMemoryError("Physical memory usage is too high: physicalBytes (1580M) > "
        + "maxPhysicalBytes (1500M)"));
    assertEquals(ExitStatus.COULD_NOT_RUN, status(() -> {
      throw driver;
    }));
    assertEquals(List.of("equilibrium: this process needed more memory than its cap (1580M resident > 1500M allowed) "
        + "even after garbage collection: raise spark.conf.\"spark.driver.memory\", from which run-local sizes the "
        + "heap and the cap, or lower the batch per task with more train.partitions"), errors().lines().toList());
    err.reset();
    assertEquals(ExitStatus.COULD_NOT_RUN, status(() -> {
      throw new IllegalStateException("Job aborted due to stage failure: Task 1 in stage 2.0 failed 4 times, most "
          + "recent failure: Lost task 1.3 in stage 2.0 (TID 9) (10.0.0.7 executor 4): ExecutorLostFailure (executor 4 "
          + "exited caused by one of the running tasks) Reason: Command exited with code 52");
    }));
    assertTrue(errors().startsWith("equilibrium: an executor ran out of memory (Spark's exit code 52"), errors());
    assertEquals(1, errors().lines().count(), errors());
    // YARN's phrasing of the same exit
    assertVerdict("Job aborted due to stage failure: Task 0 in stage 3.0 failed 2 times, most "
            + "recent failure: Lost task 0.1 in stage 3.0 (TID 7) (localhost executor 3): ExecutorLostFailure (executor 3 "
            + "exited caused by one of the running tasks) Reason: Container from a bad node: "
            + "container_1796538587922_0009_01_000005 on host: localhost. Exit status: 52. Diagnostics: [...]",
        "equilibrium: an executor ran out of memory (Spark's exit code 52");
    // an executor's task over its cap, as ResidentCapExceeded reports it
    assertVerdict("Job aborted due to stage failure: Task 0 in stage 3.0 failed 2 times, most "
            + "recent failure: Lost task 0.1 in stage 3.0 (TID 7) (localhost executor 1): ai.equilibrium.spark."
            + "ResidentCapExceeded: Physical memory usage is too high: physicalBytes (410M) > maxPhysicalBytes (400M)",
        "equilibrium: an executor needed more memory than its cap (410M resident > 400M "
        + "allowed) even after garbage collection: raise spark.executor.memoryOverhead");
    // the same in a block's barrier stage, whose failure Spark words otherwise
    assertVerdict("Job aborted due to stage failure: Could not recover from a failed barrier "
            + "ResultStage. Most recent failure reason: Stage failed because barrier task ResultTask(5, 1) finished "
            + "unsuccessfully.\nai.equilibrium.spark.ResidentCapExceeded: Physical memory usage is too high: "
            + "physicalBytes (1155M) > maxPhysicalBytes (592M)",
        "equilibrium: an executor needed more memory than its cap (1155M resident > 592M "
        + "allowed) even after garbage collection: raise spark.executor.memoryOverhead");
  }

  @Test
  void everyJobParsesItsCommandLineOneWay() {
    JobMain.Spec spec = new JobMain.Spec("usage: x FILE [--night N] [--dry] [key=value ...]", Set.of("night"),
        Set.of("dry"), (args, printed) -> {
          assertEquals(List.of("suite.conf"), args.positionals());
          assertEquals("2026-12-01", args.option("night").orElseThrow());
          assertTrue(args.flag("dry"));
          assertEquals(List.of("a.b=1", "c=[x, y]"), args.assignments());
          return ExitStatus.OK;
        });
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals(0, JobMain.run(new String[] {"--night=2026-12-01", "suite.conf", "a.b=1", "--dry", "c=[x, y]"},
        spec, o, e));
    assertEquals(0, JobMain.run(new String[] {"--night", "2026-12-01", "--dry", "suite.conf", "a.b=1", "c=[x, y]"},
        spec, o, e));
    assertEquals(0, JobMain.run(new String[] {"--help"}, spec, o, e));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("usage: x FILE"));
    assertEquals(2, JobMain.run(new String[] {"--nigth", "2026-12-01"}, spec, o, e));
    assertTrue(errors().contains("unexpected argument '--nigth'") && errors().contains("--night"), errors());
    assertEquals(2, JobMain.run(new String[] {"suite.conf", "--night"}, spec, o, e));
    assertTrue(errors().contains("--night needs a value"), errors());
  }
}
