package ai.equilibrium.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.data.ImageShardManifest;
import ai.equilibrium.data.ImageSplit;
import ai.equilibrium.yarn.SparkInstallation;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * spark-submit against a real standalone cluster on this machine: a master and two workers started from the
 * project's class path with Spark's own main classes, each executor its own JVM. The shaded jar prepares a small
 * image folder on the cluster, then {@code submit-scripts/submit-cluster} trains {@code conf/celeba-dcgan64.conf}
 * on it for a few steps (client mode; {@code spark-submit} is Spark's {@code SparkSubmit} behind a small script,
 * as a Spark installation provides it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class StandaloneClusterIT {
  private static final String CLASS_PATH = System.getProperty("java.class.path");
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final String REPO = System.getProperty("equilibrium.repo.root", "..");

  @TempDir
  static Path dir;
  private final List<Process> daemons = new ArrayList<>();
  private String master;
  private int masterUi;

  @BeforeAll
  void startCluster() throws Exception {
    int port = freePort();
    masterUi = freePort();
    master = "spark://127.0.0.1:" + port;
    daemons.add(start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
        String.valueOf(port), "--webui-port", String.valueOf(masterUi))));
    for (int w = 0; w < 2; w++) {
      Path work = Files.createDirectories(dir.resolve("worker-" + w));
      daemons.add(start("worker-" + w, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
          "--cores", "1", "--memory", "3072m", "--webui-port", String.valueOf(freePort()), "--work-dir",
          work.toString(), master)));
    }
    awaitAliveWorkers(2, Duration.ofSeconds(90));
  }

  @AfterAll
  void stopCluster() throws InterruptedException {
    for (int i = daemons.size() - 1; i >= 0; i--) {
      Process p = daemons.get(i);
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void theShadedJarPreparesImagesAndTrainsOnTheClusterThroughSubmitCluster() throws Exception {
    Path images = Files.createDirectories(dir.resolve("images"));
    Random random = new Random(3);
    for (int i = 0; i < 48; i++) {
      ImageIO.write(face(random), i % 2 == 0 ? "png" : "jpg", images.resolve(String.format("%04d.%s", i,
          i % 2 == 0 ? "png" : "jpg")).toFile());
    }
    Path prepared = dir.resolve("prepared");
    run("prepare", List.of(sparkSubmit(), "--master", master, "--class", "ai.equilibrium.jobs.PrepareDataJob",
        "--conf", "spark.executor.extraClassPath=" + CLASS_PATH, "--conf", "spark.executor.cores=1",
        "--conf", "spark.executor.extraJavaOptions=" + javaOptions(), shadedJar(), images.toString(),
        prepared.toString(), "prepare.images-per-shard=12"), Map.of());
    ImageShardManifest manifest = ImageShardManifest.read(prepared.toString());
    assertEquals(48, manifest.images());
    assertEquals(4, manifest.shards().size());

    Path runs = dir.resolve("runs");
    run("train", List.of(Path.of(REPO, "submit-scripts/submit-cluster").toString(), "--executor-cores", "1",
        "--conf", "spark.executor.extraClassPath=" + CLASS_PATH, master,
        Path.of(REPO, "conf/celeba-dcgan64.conf").toString(), "data.path=" + prepared, "run.output-dir=" + runs,
        "run.steps=2", "train.batch-size=8", "train.partitions=2", "run.sample-every=1", "run.sample-count=16",
        "eval.extractor=none"),
        Map.of("SPARK_HOME", SparkInstallation.create(dir.resolve("spark-home")).toString(),
            "PATH", dir + File.pathSeparator + System.getenv("PATH")));
    Path run = runs.resolve("celeba-dcgan64");
    assertEquals(2, Files.readAllLines(run.resolve("metrics.jsonl")).size());
    BufferedImage grid = ImageIO.read(run.resolve("samples/step-2.png").toFile());
    assertNotNull(grid);
    for (String file : List.of("config.conf", "report.html", "checkpoints/step-2", "checkpoints/step-0")) {
      assertTrue(Files.exists(run.resolve(file)), file + " in the run directory");
    }
    assertTrue(manifest.count(ImageSplit.TRAIN) > 0);
    // both workers ran executors of both applications
    for (int w = 0; w < 2; w++) {
      try (Stream<Path> apps = Files.list(dir.resolve("worker-" + w))) {
        assertEquals(2, apps.filter(p -> p.getFileName().toString().startsWith("app-")).count(), "worker " + w);
      }
    }
  }

  /** A drawn face of CelebA's aligned size, so that the centre crop has something to cut. */
  private static BufferedImage face(Random random) {
    BufferedImage image = new BufferedImage(178, 218, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
    g.fillRect(0, 0, 178, 218);
    g.setColor(new Color(220, 170 + random.nextInt(40), 140));
    g.fillOval(39 + random.nextInt(10), 50 + random.nextInt(10), 90, 120);
    g.dispose();
    return image;
  }

  /** {@code spark-submit} as a Spark installation has it: SparkSubmit on Spark's class path. */
  private static String sparkSubmit() throws IOException {
    Path script = dir.resolve("spark-submit");
    if (!Files.exists(script)) {
      Files.writeString(script, "#!/bin/sh\nexec '" + JAVA + "' " + javaOptions() + " -cp '" + CLASS_PATH
          + "' org.apache.spark.deploy.SparkSubmit \"$@\"\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return script.toString();
  }

  private static String shadedJar() {
    String jar = System.getProperty("equilibrium.shaded.jar");
    assertTrue(jar != null && new File(jar).isFile(), "the shaded jar (mvn package) at " + jar);
    return jar;
  }

  private static String javaOptions() {
    return System.getProperty("equilibrium.java17.options", "");
  }

  private Process start(String name, List<String> mainAndArgs) throws IOException {
    List<String> command = new ArrayList<>(List.of(JAVA));
    command.addAll(List.of(javaOptions().trim().split("\\s+")));
    command.addAll(List.of("-Xmx512m", "-cp", CLASS_PATH));
    command.addAll(mainAndArgs);
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile()).start();
  }

  /** Runs a command to its end; fails with its output when it does not exit with 0. */
  private static void run(String name, List<String> command, Map<String, String> environment) throws Exception {
    Path log = dir.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(4, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError(name + " did not finish in 4 minutes:\n" + tail(log));
    }
    assertEquals(0, process.exitValue(), name + " failed:\n" + tail(log));
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  private void awaitAliveWorkers(int count, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      try {
        body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUi + "/json/")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        if (body.replace(" ", "").contains("\"aliveworkers\":" + count)) {
          return;
        }
      } catch (IOException notYet) {
        // the master's web UI is not up yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the standalone cluster did not get " + count + " workers: " + body + "\n"
        + tail(dir.resolve("master.log")) + "\n" + tail(dir.resolve("worker-0.log")));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
