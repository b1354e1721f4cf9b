package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

  /** What the child JVM printed on each stream, and its exit code. */
  record Outcome(int exitCode, String out, String err) {
    List<String> lines() {
      List<String> lines = new ArrayList<>(out.lines().filter(l -> !l.isBlank()).toList());
      lines.addAll(err.lines().filter(l -> !l.isBlank()).toList());
      return lines;
    }
  }

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

  private static void assertOneLine(Outcome outcome, String names) {
    String all = "stdout:\n" + outcome.out() + "stderr:\n" + outcome.err();
    assertEquals(ExitStatus.BAD_INPUT.code, outcome.exitCode(), all);
    assertEquals(1, outcome.lines().size(), "exactly one line on the terminal; " + all);
    assertTrue(outcome.out().isBlank(), "the line is on standard error; " + all);
    String line = outcome.lines().get(0);
    assertTrue(line.startsWith("equilibrium: ") && line.contains(names), "names " + names + ": " + line);
    assertFalse(line.contains("\tat ") || line.contains("Exception"), line);
  }

  /** Starts TrainJob's main as run-local would, on a mixture with its run directory under the temporary one. */
  private Outcome runMain(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(System.getProperty("equilibrium.java17.options", "").trim().split("\\s+")));
    command.removeIf(String::isEmpty);
    Path repo = Path.of(System.getProperty("equilibrium.repo.root", ".."));
    command.add("-Dlog4j2.configurationFile=" + repo.resolve("conf/log4j2.properties"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TrainJob.class.getName());
    command.add("run.output-dir=" + dir.resolve("runs"));
    command.add("data.source=gaussian-ring"); // needs no data set or feature extractor
    command.addAll(List.of(args));
    File out = dir.resolve("stdout.txt").toFile();
    File err = dir.resolve("stderr.txt").toFile();
    Process process = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("TrainJob did not stop within two minutes: " + command);
    }
    return new Outcome(process.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
  }
}
