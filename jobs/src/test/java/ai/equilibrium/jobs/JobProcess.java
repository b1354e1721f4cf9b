package ai.equilibrium.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A job's main class in a JVM of its own, started as the submit scripts start it (the project's Java 17 options
 * and log4j configuration, this class path), with its standard output and error kept in files beside each other.
 */
final class JobProcess {
  private final Process process;
  private final Path out;
  private final Path err;

  private JobProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** What the JVM printed on each stream, and its exit code. */
  record Outcome(int exitCode, String out, String err) {
    /** The non-blank lines of both streams, standard output's first. */
    List<String> lines() {
      List<String> lines = new ArrayList<>(out.lines().filter(l -> !l.isBlank()).toList());
      lines.addAll(err.lines().filter(l -> !l.isBlank()).toList());
      return lines;
    }

    String all() {
      return "exit " + exitCode + "\nstdout:\n" + out + "stderr:\n" + err;
    }
  }

  /** The java command for {@code mainClass} with {@code jvmOptions} (such as -D settings) before it. */
  static List<String> command(List<String> jvmOptions, String mainClass, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String option : System.getProperty("equilibrium.java17.options", "").trim().split("\\s+")) {
      if (!option.isEmpty()) {
        command.add(option);
      }
    }
    Path repo = Path.of(System.getProperty("equilibrium.repo.root", ".."));
    command.add("-Dlog4j2.configurationFile=" + repo.resolve("conf/log4j2.properties"));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(arguments);
    return command;
  }

  /** Starts {@code command}, its streams written to {@code logs}/NAME.out and NAME.err. */
  static JobProcess start(List<String> command, Path logs, String name) throws IOException {
    Files.createDirectories(logs);
    Path out = logs.resolve(name + ".out");
    Path err = logs.resolve(name + ".err");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new JobProcess(process, out, err);
  }

  Process process() {
    return process;
  }

  /** Waits for the JVM to end, killing it and failing after {@code minutes}. */
  Outcome await(long minutes) throws IOException, InterruptedException {
    if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the job did not end within " + minutes + " minutes: " + Files.readString(out)
          + Files.readString(err));
    }
    return new Outcome(process.exitValue(), Files.readString(out), Files.readString(err));
  }
}
