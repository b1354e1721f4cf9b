package ai.equilibrium.jobs;

import ai.equilibrium.backend.GradientBackend;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.spark.DriverIngress;
import ai.equilibrium.spark.SparkBackends;
import ai.equilibrium.spark.block.BlockTraffic;
import ai.equilibrium.spark.block.SparkBlockBackend;
import ai.equilibrium.train.TrainingLoop;
import ai.equilibrium.train.StepMetrics;
import ai.equilibrium.train.TrainingListener;
import java.io.PrintStream;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.bytedeco.javacpp.Pointer;

/**
 * The benchmark harness (not a test): times the benchmark training step (alternating, non-saturating
 * loss, Adam 2e-4/0.5/0.999) for one architecture and batch on the in-process or the Spark backend, and
 * prints the median ms/step over the measured steps, the wall time per measured step (with the block backend a
 * step's own time leaves out each block's launch and end, the wall time does not), images/s, and peak heap and
 * off-heap memory. {@code spark} is the per-step backend, {@code block} the block backend.
 *
 * <pre>
 * usage: BenchmarkJob local|spark|block mlp-mnist|dcgan-28|dcgan-64 BATCH STEPS [key=value ...]
 * </pre>
 * The first 5 steps are warm-up and not measured. Extra key=value pairs override the experiment (for
 * example train.partitions=2 spark.master=local[2]).
 */
public final class BenchmarkJob {
  private static final int WARMUP = 5;

  private BenchmarkJob() {}

  static final JobMain.Spec SPEC = new JobMain.Spec(
      "usage: BenchmarkJob local|spark|block mlp-mnist|dcgan-28|dcgan-64 BATCH STEPS [key=value ...]", Set.of(), Set.of(),
      BenchmarkJob::run);

  public static void main(String[] args) {
    JobMain.main(args, SPEC);
  }

  private static ExitStatus run(JobArguments args, PrintStream out) {
    List<String> positionals = args.positionals(4, "BACKEND ARCH BATCH STEPS");
    String backendName = positionals.get(0);
    if (!List.of("local", "spark", "block").contains(backendName)) {
      throw new IllegalArgumentException("the backend is local, spark or block, got '" + backendName + "'");
    }
    String arch = positionals.get(1);
    int batch = wholeNumber(positionals.get(2), "BATCH");
    int steps = wholeNumber(positionals.get(3), "STEPS");
    List<String> overrides = new ArrayList<>(List.of(
        "model.architecture=" + (arch.equals("mlp-mnist") ? "mlp" : arch),
        "train.batch-size=" + batch, "train.partitions=1", "run.steps=" + (steps + WARMUP)));
    if (!backendName.equals("local")) {
      overrides.add("spark.backend=" + (backendName.equals("block") ? "block" : "per-step"));
    }
    overrides.addAll(args.assignments());
    ExperimentConfig config = ExperimentSchema.load(null, overrides);

    List<Double> millis = new ArrayList<>();
    long[] peakOffHeap = {0};
    long[] peakRss = {0};
    TrainingListener timer = (StepMetrics m, TrainingListener.TrainingState state) -> {
      if (m.step() > WARMUP) {
        millis.add(m.millis());
      }
      peakOffHeap[0] = Math.max(peakOffHeap[0], Pointer.totalBytes());
      peakRss[0] = Math.max(peakRss[0], Pointer.physicalBytes());
    };
    JavaSparkContext sc = !backendName.equals("local") ? SparkSessions.create(config, "equilibrium-benchmark") : null;
    DriverIngress ingress = new DriverIngress();
    if (sc != null) {
      sc.sc().addSparkListener(ingress);
    }
    double wallMillis;
    List<String> breakdown = new ArrayList<>();
    double[] reportBytesPerStep = {0};
    try {
      wallMillis = time(Experiment.assemble(config), sc, timer, breakdown, reportBytesPerStep);
    } finally {
      if (sc != null) {
        sc.stop();
      }
    }
    double median = median(millis);
    long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    out.printf(Locale.ROOT, "RESULT backend=%s%s arch=%s batch=%d partitions=%d steps=%d median_ms=%.1f wall_ms=%.1f "
            + "img_per_s=%.0f min_ms=%.1f max_ms=%.1f peak_heap_mb=%d peak_offheap_mb=%d peak_rss_mb=%d%n",
        backendName, sc != null ? "(" + config.spark().master() + ")" : "", arch, batch, config.train().partitions(),
        millis.size(), median, wallMillis, batch / (median / 1000), millis.stream().mapToDouble(d -> d).min().orElse(0),
        millis.stream().mapToDouble(d -> d).max().orElse(0), heapPeak >> 20, peakOffHeap[0] >> 20, peakRss[0] >> 20);
    if (sc != null) {
      // every step sends the same results, so the run's totals over its steps (warm-up included) are per step;
      // the block backend's task results come once a block, and its phase reports travel by RPC
      int all = millis.size() + WARMUP;
      out.printf(Locale.ROOT, "INGRESS executors=%d tasks_per_step=%.1f driver_in_kb_per_step=%.1f "
          + "max_executor_out_kb_per_step=%.1f%n", ingress.executors(), ingress.tasks() / (double) all,
          (ingress.bytes() / (double) all + reportBytesPerStep[0]) / 1024.0, ingress.maxPerExecutor() / 1024.0 / all);
    }
    breakdown.forEach(out::println);
    return ExitStatus.OK;
  }

  private static int wholeNumber(String value, String name) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
    }
  }

  /**
   * Runs the warm-up steps, then the measured ones, on the backend {@code experiment}'s {@code spark.backend}
   * names when {@code sc} is given and in-process otherwise.
   *
   * @return wall milliseconds per measured step
   */
  private static <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable> double time(
      Experiment<G, N, S> experiment, JavaSparkContext sc, TrainingListener timer, List<String> breakdown,
      double[] reportBytesPerStep) {
    try (GradientBackend backend = sc == null ? experiment.localBackend() : SparkBackends.of(sc, experiment)) {
      TrainingLoop loop = experiment.loop(backend, List.of(timer));
      long steps = experiment.config().run().steps();
      loop.run(0, WARMUP);
      BlockTraffic traffic = backend instanceof SparkBlockBackend<?, ?, ?> blocks ? blocks.traffic() : null;
      if (traffic != null) {
        traffic.reset();
      }
      long start = System.nanoTime();
      loop.run(WARMUP, steps);
      double wall = (System.nanoTime() - start) / 1e6 / (steps - WARMUP);
      if (traffic != null) {
        reportBytesPerStep[0] = traffic.reportBytesPerStep();
        traffic.millisPerStep(wall).forEach((part, ms) -> breakdown.add(String.format(Locale.ROOT,
            "BREAKDOWN part=\"%s\" ms_per_step=%.2f", part, ms)));
        breakdown.add(String.format(Locale.ROOT, "TRAFFIC replica_in_kb_per_step=%.1f busiest_replica_in_kb_per_step=%.1f "
            + "driver_reports_kb_per_step=%.2f", traffic.replicaBytesPerStep() / 1024,
            traffic.busiestReplicaBytesPerStep() / 1024, traffic.reportBytesPerStep() / 1024));
      }
      return wall;
    }
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(d -> d).sorted().toArray();
    int n = sorted.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
