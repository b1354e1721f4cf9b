package ai.equilibrium.spark;

import ai.equilibrium.gan.GanGame;
import ai.equilibrium.gan.GanNetworks;
import ai.equilibrium.gan.GenerationPlan;
import ai.equilibrium.gan.SampleFiles;
import ai.equilibrium.step.Player;
import ai.equilibrium.tensor.ParameterSet;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * Writes a generation's shards with one Spark task each: the executors compute the samples with the generator's
 * broadcast parameters (pooled networks, bound to the task's GPU) and write their files to the output folder
 * themselves; no training data is loaded and no sample passes through the driver.
 */
public final class SampleGeneration {
  private static final long PROGRESS_SECONDS = 10;

  private SampleGeneration() {}

  /**
   * Writes every shard of {@code plan} into {@code folder} (which exists), printing progress every ten seconds.
   *
   * @param generator the parameters the generator computes with
   * @return what each shard wrote, in shard order
   */
  public static List<SampleFiles.Written> write(JavaSparkContext sc, GanGame game, ParameterSet generator,
      GenerationPlan plan, String folder, PrintStream progress) {
    String runKey = "generate-" + UUID.randomUUID();
    Broadcast<GanGame> gameBroadcast = sc.broadcast(game);
    Broadcast<VersionedParameters> parameters =
        sc.broadcast(new VersionedParameters(generator.version(), generator.snapshot()));
    try {
      List<Integer> shards = IntStream.range(0, plan.shards()).boxed().toList();
      JavaFutureAction<List<SampleFiles.Written>> job = sc.parallelize(shards, shards.size())
          .map(new WriteShard(runKey, gameBroadcast, parameters, plan, folder, DeviceBinding.ND4J)).collectAsync();
      List<SampleFiles.Written> written = new ArrayList<>(await(sc, job, plan.shards(), progress));
      written.sort(Comparator.comparingInt(SampleFiles.Written::shard));
      return written;
    } finally {
      parameters.destroy(true);
      gameBroadcast.destroy(true);
      ExecutorNetworkCache.evict(runKey);
    }
  }

  private static List<SampleFiles.Written> await(JavaSparkContext sc, JavaFutureAction<List<SampleFiles.Written>> job,
      int shards, PrintStream progress) {
    long start = System.nanoTime();
    while (true) {
      try {
        return job.get(PROGRESS_SECONDS, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        int done = completedTasks(sc, job);
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.printf(Locale.ROOT, "generate: %d/%d shards written after %.0f s%s%n", done, shards, seconds,
            done == 0 ? "" : String.format(Locale.ROOT, ", about %.0f s to go", seconds / done * (shards - done)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        job.cancel(true);
        throw new IllegalStateException("interrupted while generating", e);
      } catch (ExecutionException e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
          cause = cause.getCause();
        }
        throw new UncheckedIOException(new IOException("writing the samples failed: " + cause.getMessage(), e));
      }
    }
  }

  private static int completedTasks(JavaSparkContext sc, JavaFutureAction<?> job) {
    int done = 0;
    for (int id : job.jobIds()) {
      SparkJobInfo info = sc.statusTracker().getJobInfo(id);
      for (int stage : info == null ? new int[0] : info.stageIds()) {
        SparkStageInfo s = sc.statusTracker().getStageInfo(stage);
        done += s == null ? 0 : s.numCompletedTasks();
      }
    }
    return done;
  }

  /** One shard on an executor: pooled networks with the broadcast generator, its files written from here. */
  private static final class WriteShard implements Function<Integer, SampleFiles.Written> {
    private static final long serialVersionUID = 1L;
    private final String runKey;
    private final Broadcast<GanGame> game;
    private final Broadcast<VersionedParameters> generator;
    private final GenerationPlan plan;
    private final String folder;
    private final DeviceBinding devices;

    WriteShard(String runKey, Broadcast<GanGame> game, Broadcast<VersionedParameters> generator, GenerationPlan plan,
        String folder, DeviceBinding devices) {
      this.runKey = runKey;
      this.game = game;
      this.generator = generator;
      this.plan = plan;
      this.folder = folder;
      this.devices = devices;
    }

    @Override
    public SampleFiles.Written call(Integer shard) throws IOException {
      DeviceBinding.bindTask(TaskContext.get(), devices);
      GanGame g = game.value();
      return ResidentCapExceeded.reported(() -> {
        ExecutorNetworkCache.Entry<GanNetworks> entry = ExecutorNetworkCache.borrow(runKey, g);
        try {
          entry.load(Player.MAIN, generator.value());
          return SampleFiles.writeShard(g, entry.networks, plan, shard, folder);
        } finally {
          ExecutorNetworkCache.release(runKey, entry);
        }
      });
    }
  }
}
