package ai.equilibrium.jobs;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.data.DataUnavailableException;
import ai.equilibrium.experiment.MemoryBudget;
import ai.equilibrium.storage.FolderLease;
import ai.equilibrium.train.TrainingDiverged;
import java.io.PrintStream;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every job's main shares: the command line parsed one way, usage on {@code --help}, and every failure
 * turned into its {@link ExitStatus} with one line on standard error (a stack trace only for what is not the
 * user's to fix).
 */
final class JobMain {
  private JobMain() {}

  /** A job's body: what it does with its parsed arguments, and how it ended. */
  @FunctionalInterface
  interface Job {
    ExitStatus run(JobArguments args, PrintStream out) throws Exception;
  }

  /**
   * A job's command line and body.
   *
   * @param usage        printed on --help
   * @param valueOptions option names that take a value
   * @param flagOptions  option names that take none
   */
  record Spec(String usage, Set<String> valueOptions, Set<String> flagOptions, Job job) {}

  /**
   * Runs the job and exits with its status (the JVM's own exit when it is 0, so that Spark can stop). Whatever
   * libraries print on System.err goes to the log file ({@link LoggedErrorStream}); the job's own lines reach the
   * terminal.
   */
  static void main(String[] args, Spec spec) {
    PrintStream terminal = System.err;
    System.setErr(new PrintStream(new LoggedErrorStream(terminal), true, java.nio.charset.StandardCharsets.UTF_8));
    int status = run(args, spec, System.out, terminal);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the job and returns its exit status; errors are one line on {@code err}. */
  static int run(String[] args, Spec spec, PrintStream out, PrintStream err) {
    JobArguments arguments;
    try {
      arguments = JobArguments.parse(args, spec.valueOptions(), spec.flagOptions());
    } catch (IllegalArgumentException e) {
      err.println("equilibrium: " + e.getMessage() + " (--help for usage)");
      return ExitStatus.BAD_INPUT.code;
    }
    if (arguments.flag(JobArguments.HELP)) {
      out.println(spec.usage());
      return ExitStatus.OK.code;
    }
    return status(() -> spec.job().run(arguments, out), err).code;
  }

  /** The status of a job body: its own, or the one its failure means. */
  static ExitStatus status(Body body, PrintStream err) {
    try {
      return body.run();
    } catch (ConfigError | DataUnavailableException | IllegalArgumentException e) {
      err.println("equilibrium: " + oneLine(e.getMessage()));
      return ExitStatus.BAD_INPUT;
    } catch (TrainingDiverged | FolderLease.Held e) {
      err.println("equilibrium: " + oneLine(e.getMessage()));
      return ExitStatus.COULD_NOT_RUN;
    } catch (Exception | Error e) {
      Optional<String> killed = containerKilledForMemory(e).or(() -> overMemoryCap(e));
      if (killed.isPresent()) {
        err.println("equilibrium: " + killed.get());
        return ExitStatus.COULD_NOT_RUN;
      }
      err.println("equilibrium: could not run: " + oneLine(String.valueOf(e)) + logFile().map(
          f -> " (Spark's and the executors' log: " + f + ")").orElse(""));
      e.printStackTrace(err);
      return ExitStatus.COULD_NOT_RUN;
    }
  }

  /** The log file the submit scripts give the JVM (conf/log4j2.properties writes Spark's lines there). */
  private static Optional<String> logFile() {
    return Optional.ofNullable(System.getProperty("equilibrium.log.file"));
  }

  /** A job body, or a stand-in for one in tests. */
  @FunctionalInterface
  interface Body {
    ExitStatus run() throws Exception;
  }

  /** What YARN and Kubernetes say when they kill a container over its memory, and the detail they give. */
  private static final Pattern YARN_MEMORY = Pattern.compile(
      "Container killed by YARN for exceeding (?:physical )?memory limits\\.?\\s*([\\d.]+ \\w+ of [\\d.]+ \\w+ "
          + "physical memory used)?");
  private static final Pattern KUBERNETES_OOM = Pattern.compile("exit code 137\\(SIGKILL, possible container OOM\\)");

  /**
   * One line for an executor that its cluster manager killed for exceeding its container's memory (Spark retries
   * the task on a new executor until spark.task.maxFailures, then gives up with this reason buried in its stack
   * trace): what happened and the setting to raise.
   */
  static Optional<String> containerKilledForMemory(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      Matcher yarn = YARN_MEMORY.matcher(message);
      if (yarn.find() || KUBERNETES_OOM.matcher(message).find()) {
        String detail = yarn.reset().find() && yarn.group(1) != null ? " (" + yarn.group(1).trim() + ")" : "";
        return Optional.of("an executor's container was killed for exceeding its memory" + detail + ": ND4J's "
            + "arrays live outside the heap, in spark.executor.memoryOverhead; raise it (submit-cluster sizes it "
            + "from the experiment, see the README's memory table), or lower the per-executor batch with more "
            + "train.partitions");
      }
    }
    return Optional.empty();
  }

  private static final Pattern PHYSICAL_CAP = Pattern.compile(
      Pattern.quote(MemoryBudget.CAP_EXCEEDED) + ": physicalBytes \\((\\S+)\\) > maxPhysicalBytes \\((\\S+)\\)");
  /** Spark's executor exit code for an OutOfMemoryError in a task. */
  private static final Pattern EXECUTOR_OOM = Pattern.compile("exited with code 52|exit code 52|Exit status: 52\\b");

  /**
   * One line for a process that went over the resident-memory cap its budget gave it, after the garbage collector
   * had returned what it could: this JVM (raise its heap and cap, spark.driver.memory) or an executor, which Spark
   * ends on an OutOfMemoryError (raise spark.executor.memoryOverhead).
   */
  static Optional<String> overMemoryCap(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      Matcher cap = PHYSICAL_CAP.matcher(message);
      // a per-step task's failure says "Lost task", a block's barrier stage "barrier task ... finished unsuccessfully"
      boolean executor = EXECUTOR_OOM.matcher(message).find() || message.contains("Lost task")
          || message.contains("barrier task");
      if (cap.find()) {
        return Optional.of((executor ? "an executor" : "this process") + " needed more memory than its cap ("
            + cap.group(1) + " resident > " + cap.group(2) + " allowed) even after garbage collection: raise "
            + (executor ? "spark.executor.memoryOverhead (submit-cluster sizes it from the experiment)"
                : "spark.conf.\"spark.driver.memory\", from which run-local sizes the heap and the cap")
            + ", or lower the batch per task with more train.partitions");
      }
      if (EXECUTOR_OOM.matcher(message).find()) {
        return Optional.of("an executor ran out of memory (Spark's exit code 52, an OutOfMemoryError): raise "
            + "spark.executor.memory and spark.executor.memoryOverhead, or lower the batch per task with more "
            + "train.partitions");
      }
    }
    return Optional.empty();
  }

  /**
   * Messages that quote another library's error may span lines or name its exception classes; the terminal
   * gets one line without them.
   */
  static String oneLine(String message) {
    return String.valueOf(message).replaceAll("\\s*\\R\\s*", " ")
        .replaceAll("\\b([a-z][\\w$]*\\.)+[A-Z][\\w$]*(Exception|Error): ", "");
  }
}
