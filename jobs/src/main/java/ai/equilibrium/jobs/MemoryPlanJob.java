package ai.equilibrium.jobs;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.experiment.MemoryBudget;
import ai.equilibrium.storage.RunDirectory;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.network.util.JavaUtils;

/**
 * The JVM options of a run on this machine (submit-scripts/run-local): a heap and a resident-memory cap sized from
 * the experiment ({@link MemoryBudget#local}, the driver and every partition's executor in one JVM), or the heap
 * that {@code spark.conf."spark.driver.memory"} gives with the native budget beside it. Prints the options on
 * standard output and the budget in one line on standard error; takes TrainJob's arguments.
 */
public final class MemoryPlanJob {
  private static final Pattern LOCAL_THREADS = Pattern.compile("local\\[(\\d+|\\*)(?:\\s*,\\s*\\d+)?]|local");

  private MemoryPlanJob() {}

  static final JobMain.Spec SPEC = new JobMain.Spec(
      "usage: memory-plan [--config FILE] [--resume RUN_DIR] [--in-process] [key=value ...]   (TrainJob's arguments)",
      Set.of("config", "resume"), Set.of("in-process"), MemoryPlanJob::run);

  public static void main(String[] args) {
    JobMain.main(args, SPEC);
  }

  private static ExitStatus run(JobArguments args, PrintStream out) {
    ExperimentConfig config = config(args);
    Experiment<?, ?, ?> experiment = Experiment.assemble(config);
    MemoryBudget budget = args.flag("in-process") ? MemoryBudget.inProcess(experiment)
        : MemoryBudget.local(experiment, Math.min(threads(config.spark().master()), config.train().partitions()));
    Optional<String> heap = Optional.ofNullable(config.spark().conf().get("spark.driver.memory"));
    if (heap.isPresent()) {
      budget = budget.withHeap(JavaUtils.byteStringAsMb(heap.get()));
    }
    System.err.printf("equilibrium: memory: heap %d MB%s, resident cap %d MB (run-local sizes both from the "
        + "experiment; spark.conf.\"spark.driver.memory\" sets the heap)%n", budget.heapMb(),
        heap.isPresent() ? " as spark.driver.memory says" : "", budget.physicalCapMb());
    out.println(budget.javaOptions());
    return ExitStatus.OK;
  }

  private static ExperimentConfig config(JobArguments args) {
    Optional<String> resume = args.option("resume");
    if (resume.isEmpty()) {
      return ExperimentSchema.load(args.option("config").orElse(null), args.assignments());
    }
    RunDirectory run = RunDirectory.existing(resume.get());
    String text = run.read("config.conf").map(b -> new String(b, StandardCharsets.UTF_8))
        .orElseThrow(() -> new ConfigError("--resume", resume.get() + " holds no run (no config.conf)"));
    return ExperimentSchema.loadText(text, run.path("config.conf").toString(), args.assignments());
  }

  /** The task threads of a local master; the machine's processors for local[*] (and for other masters). */
  static int threads(String master) {
    Matcher local = LOCAL_THREADS.matcher(master);
    if (local.matches()) {
      return local.group(1) == null ? 1 : local.group(1).equals("*") ? Runtime.getRuntime().availableProcessors()
          : Integer.parseInt(local.group(1));
    }
    return Runtime.getRuntime().availableProcessors();
  }
}
