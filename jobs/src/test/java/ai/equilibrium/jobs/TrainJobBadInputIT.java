package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real TrainJob.main in a JVM of its own, started as submit-scripts/run-local starts it: bad input is one
 * line on the terminal (standard output and error together), with exit code 2 and no stack trace, whatever
 * Spark, Hadoop or ND4J would have logged. ConfigErrorTableTest covers every kind of bad input in-process.
 */
class TrainJobBadInputIT {
  @TempDir
  Path dir;

  @Test
  void anUnknownKeyIsOneLine() throws Exception {
    assertOneLine(runMain("train.batch-sze=3"), "train.batch-sze");
  }

  @Test
  void aSparkMasterThatCannotStartIsOneLine() throws Exception {
    assertOneLine(runMain("spark.master=bogus://x"), "spark.master");
  }

  @Test
  void anUnwritableOutputDirectoryIsOneLine() throws Exception {
    Path plainFile = Files.writeString(dir.resolve("plain-file"), "not a directory\n");
    assertOneLine(runMain("run.output-dir=" + plainFile.resolve("runs")), plainFile.toString());
  }

  private static void assertOneLine(JobProcess.Outcome outcome, String names) {
    String all = outcome.all();
    assertEquals(ExitStatus.BAD_INPUT.code, outcome.exitCode(), all);
    assertEquals(1, outcome.lines().size(), "exactly one line on the terminal; " + all);
    assertTrue(outcome.out().isBlank(), "the line is on standard error; " + all);
    String line = outcome.lines().get(0);
    assertTrue(line.startsWith("equilibrium: ") && line.contains(names), "names " + names + ": " + line);
    assertFalse(line.contains("\tat ") || line.contains("Exception"), line);
  }

  /** Starts TrainJob's main as run-local would, on a mixture with its run directory under the temporary one. */
  private JobProcess.Outcome runMain(String... args) throws Exception {
    List<String> arguments = new ArrayList<>(List.of("run.output-dir=" + dir.resolve("runs"),
        "data.source=gaussian-ring")); // needs no data set or feature extractor
    arguments.addAll(List.of(args));
    return JobProcess.start(JobProcess.command(List.of(), TrainJob.class.getName(), arguments), dir, "train")
        .await(2);
  }
}
