package ai.equilibrium.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ExperimentConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU binding without a GPU: a multi-JVM cluster whose two workers each announce one "GPU" (addresses 3 and 5,
 * from a discovery script), executors and tasks that ask for one each, and a {@link DeviceBinding} that records,
 * in each executor, which device the training tasks asked it to bind. Every executor must have bound exactly the
 * address Spark assigned its tasks, and training must still give the in-process backend's bits.
 */
class GpuBindingIT {
  @TempDir
  Path dir;

  /** Records each bind as a file named by the executor's process id, holding the device. */
  record RecordingBinding(String directory) implements DeviceBinding {
    @Override
    public void bind(int device) {
      try {
        Files.writeString(Path.of(directory, ProcessHandle.current().pid() + "-" + Thread.currentThread().getId()
            + "-" + System.nanoTime()), String.valueOf(device));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void eachExecutorBindsTheGpuAddressSparkAssignedItsTasks() throws IOException {
    Path script = dir.resolve("discover-gpu.sh");
    Files.writeString(script, "#!/bin/sh\nif mkdir '" + dir.resolve("first-worker") + "' 2>/dev/null; then\n"
        + "  echo '{\"name\":\"gpu\",\"addresses\":[\"3\"]}'\nelse\n"
        + "  echo '{\"name\":\"gpu\",\"addresses\":[\"5\"]}'\nfi\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path bound = Files.createDirectories(dir.resolve("bound"));

    ExperimentConfig config = SparkTestSupport.ringConfig("run.steps=4", "train.partitions=4");
    SparkConf conf = new SparkConf().setMaster("local-cluster[2,1,1024]").setAppName("gpu-binding")
        .set("spark.ui.enabled", "false")
        .set("spark.worker.resource.gpu.amount", "1")
        .set("spark.worker.resource.gpu.discoveryScript", script.toString())
        .set("spark.executor.resource.gpu.amount", "1")
        .set("spark.task.resource.gpu.amount", "1")
        .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .set("spark.executor.extraJavaOptions", System.getProperty("equilibrium.java17.options", ""))
        .setJars(new String[] {System.getProperty("equilibrium.jobs.jar")});
    SparkTestSupport.Outcome trained;
    Map<String, String> assigned = new HashMap<>();
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      trained = SparkTestSupport.train(config,
          t -> new SparkGradientBackend<>(sc, t.game(), t.source(), new RecordingBinding(bound.toString()),
              ResultReduction.ON_DRIVER));
      // what Spark assigned each executor's tasks, read in the tasks themselves
      for (String line : sc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8).map(i -> ProcessHandle.current().pid()
          + " " + TaskContext.get().resources().get("gpu").get().addresses()[0]).collect()) {
        String[] f = line.split(" ");
        assigned.merge(f[0], f[1], (a, b) -> a.equals(b) ? a : a + "," + b);
      }
    }
    Map<String, Set<String>> boundByExecutor;
    try (Stream<Path> files = Files.list(bound)) {
      boundByExecutor = files.collect(Collectors.groupingBy(p -> p.getFileName().toString().split("-")[0],
          Collectors.mapping(p -> read(p), Collectors.toSet())));
    }
    assertFalse(boundByExecutor.isEmpty(), "the training tasks bound no device");
    assertEquals(Set.of("3", "5"), Set.copyOf(assigned.values()), "each worker's executor was assigned its GPU");
    for (Map.Entry<String, Set<String>> e : boundByExecutor.entrySet()) {
      assertEquals(Set.of(assigned.get(e.getKey())), e.getValue(), "executor " + e.getKey() + " bound " + e.getValue()
          + ", Spark assigned its tasks " + assigned.get(e.getKey()));
    }
    assertTrue(boundByExecutor.keySet().stream().allMatch(assigned::containsKey));
    SparkTestSupport.assertBitwiseEqual(SparkTestSupport.trainLocally(config), trained,
        "training with GPU resources against the in-process backend");
  }

  private static String read(Path p) {
    try {
      return Files.readString(p).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
