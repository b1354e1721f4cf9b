package ai.equilibrium.yarn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The README's CelebA walkthrough on YARN and HDFS, command by command as the README gives them: an HDFS and a
 * YARN ResourceManager with a NodeManager (memory checks on) run in this JVM; {@code hdfs}, {@code yarn} and
 * {@code spark-submit} are Hadoop's FsShell and ApplicationCLI and Spark's SparkSubmit on the project's class
 * path, as an installation has them; Spark's settings for this machine (where its jars and Java are) are in a
 * spark-defaults.conf, as an installation has them. At the test's scale: a few dozen drawn faces, 2 executors
 * for the README's 8, and fewer steps. The training run is killed after a checkpoint and resumed, and ends
 * bitwise where an uninterrupted run ends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YarnClusterIT {
  private static final Path REPO = Path.of(System.getProperty("equilibrium.repo.root", "..")).toAbsolutePath()
      .normalize();
  private static final int IMAGES = 48;
  private static final int STEPS = 6;
  /** The test's scale, after the README's own overrides. */
  private static final String SCALE = " run.steps=" + STEPS + " train.batch-size=8 train.partitions=2"
      + " run.checkpoint-every=2 run.sample-every=0 eval.every=0 eval.samples=24 run.progress-every=1";
  private static final Pattern APPLICATION = Pattern.compile("Submitted application (application_\\d+_\\d+)");

  private Path dir;
  private MiniClusters clusters;
  private Map<String, String> environment;
  private FileSystem hdfs;

  @BeforeAll
  void startClusters() throws Exception {
    dir = Files.createTempDirectory("yarn-it");
    clusters = MiniClusters.start(dir.resolve("clusters").toFile(), 1, 12288, 8);
    hdfs = FileSystem.get(clusters.dfs.getConfiguration(0));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    String sparkClasspath = String.join(File.pathSeparator, SparkInstallation.jars());
    Path sparkHome = SparkInstallation.create(dir.resolve("spark"));
    String classpath = clusters.confDir + File.pathSeparator + sparkClasspath;
    String java = System.getProperty("java.home") + "/bin/java";
    // bin/spark-submit, bin/hdfs and bin/yarn of an installation: Spark's and Hadoop's own main classes; like
    // Spark's launcher, spark-submit gives a client-mode driver the heap and options its settings ask for
    script(bin.resolve("spark-submit"), """
        memory=512m options=""
        previous=""
        for arg in "$@"; do
          if [ "$previous" = --conf ]; then
            case "$arg" in
              spark.driver.memory=*) memory="${arg#*=}" ;;
              spark.driver.extraJavaOptions=*) options="${arg#*=}" ;;
            esac
          fi
          previous="$arg"
        done
        """ + "exec " + java + " -Xmx$memory $options " + JavaModuleOptions.defaultModuleOptions() + " -cp '"
        + classpath + "' org.apache.spark.deploy.SparkSubmit \"$@\"");
    script(bin.resolve("hdfs"), "if [ \"$1\" = dfs ]; then shift; fi\nexec " + java + " -Xmx256m -cp '" + classpath
        + "' org.apache.hadoop.fs.FsShell \"$@\"");
    script(bin.resolve("yarn"), "exec " + java + " -Xmx256m -cp '" + classpath
        + "' org.apache.hadoop.yarn.client.cli.ApplicationCLI \"$@\"");
    // what this machine's spark-defaults.conf says: Spark's jars where they are, Java 17, the loopback address
    Path sparkConf = sparkHome.resolve("conf");
    StringBuilder defaults = new StringBuilder();
    defaults.append("spark.yarn.jars ").append(String.join(",", List.of(sparkClasspath.split(File.pathSeparator))
        .stream().map(j -> "local:" + j).toList())).append('\n');
    defaults.append("spark.yarn.appMasterEnv.JAVA_HOME ").append(System.getProperty("java.home")).append('\n');
    defaults.append("spark.executorEnv.JAVA_HOME ").append(System.getProperty("java.home")).append('\n');
    defaults.append("spark.yarn.appMasterEnv.SPARK_LOCAL_IP 127.0.0.1\nspark.executorEnv.SPARK_LOCAL_IP 127.0.0.1\n");
    defaults.append("spark.executor.cores 1\nspark.yarn.maxAppAttempts 1\nspark.ui.enabled false\n");
    Files.writeString(sparkConf.resolve("spark-defaults.conf"), defaults);
    environment = new LinkedHashMap<>();
    environment.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
    environment.put("HADOOP_CONF_DIR", clusters.confDir.toString());
    environment.put("YARN_CONF_DIR", clusters.confDir.toString());
    environment.put("SPARK_HOME", sparkHome.toString());
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.put("SPARK_LOCAL_IP", "127.0.0.1");
    environment.put("OMP_NUM_THREADS", "1");
    environment.put("CELEBA", faces(dir.resolve("celeba")).toString());
  }

  @AfterAll
  void stopClusters() {
    if (clusters != null) {
      clusters.close();
    }
  }

  @Test
  @Order(1)
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void theReadmeWalkthroughRunsOnYarnAndHdfsAndAKilledRunResumesBitwise() throws Exception {
    List<String> commands = Walkthrough.commands(REPO.resolve("README.md"), "cluster-walkthrough");
    Map<String, String> variables = new LinkedHashMap<>();
    String killed = null;
    for (String command : commands) {
      if (command.matches("[A-Z_]+=\\S+")) {
        variables.put(command.substring(0, command.indexOf('=')), command.substring(command.indexOf('=') + 1));
        continue;
      }
      String scaled = command.replace("--executors 8", "--executors 2");
      if (scaled.startsWith("submit-scripts/submit-cluster") && !scaled.contains("--resume")) {
        scaled += SCALE;
      }
      if (scaled.startsWith("yarn application -kill")) {
        assertTrue(killed != null, "a run to kill");
        scaled = scaled.replace("APPLICATION_ID", killed);
      }
      if (scaled.contains("--deploy-mode cluster") && scaled.contains("celeba-dcgan64.conf") && killed == null) {
        killed = trainUntilCheckpointed(scaled, variables);
        continue;
      }
      Outcome outcome = run(scaled, variables, 600);
      assertEquals(0, outcome.exit(), scaled + "\n" + outcome.tail() + "\nHDFS: " + listing("/"));
      if (scaled.contains("EvaluateJob")) {
        assertTrue(outcome.output().contains("\"fid\""), "the evaluation prints its scores: " + outcome.tail());
      }
    }
    assertTrue(hdfs.exists(new org.apache.hadoop.fs.Path("/datasets/celeba-64/manifest.json")), "prepared");
    assertEquals(1, hdfs.globStatus(new org.apache.hadoop.fs.Path("/datasets/celeba-64/models/attributes-v1-*.zip"))
        .length, "the face classifier beside the shards");
    assertTrue(hdfs.exists(new org.apache.hadoop.fs.Path("/runs/celeba-client/checkpoints/step-" + STEPS
        + "/commit.json")), "the client-mode run");

    // the resumed run ends where a run that was never stopped ends, bit for bit
    String straight = commands.stream().filter(c -> c.startsWith("submit-scripts/submit-cluster")
        && c.contains("--deploy-mode cluster") && !c.contains("--resume")).findFirst().orElseThrow()
        .replace("--executors 8", "--executors 2") + SCALE + " run.name=celeba-straight";
    Outcome uninterrupted = run(straight, variables, 600);
    assertEquals(0, uninterrupted.exit(), uninterrupted.tail());
    for (String file : List.of("main-state.bin", "adversary-state.bin", "loop-state.bin")) {
      assertArrayEquals(read("/runs/celeba-straight/checkpoints/step-" + STEPS + "/" + file),
          read("/runs/celeba-dcgan64/checkpoints/step-" + STEPS + "/" + file), file);
    }
    assertEquals(metrics("/runs/celeba-straight"), metrics("/runs/celeba-dcgan64"), "metrics.jsonl");
  }

  /**
   * An executor whose container is too small for ND4J's native memory: YARN kills it, Spark retries on a new one
   * up to spark.task.maxFailures, and the job ends with one line that says so and names the setting to raise. The
   * per-step backend's task retries, counted by Spark; the block backend retries blocks itself.
   */
  @Test
  @Order(2)
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void anExecutorOverItsContainerIsReportedInOneLine() throws Exception {
    Outcome outcome = run("submit-scripts/submit-cluster --deploy-mode client --executors 1"
        + " --conf spark.executor.memoryOverhead=64m --conf spark.task.maxFailures=2 yarn"
        + " hdfs:///conf/celeba-dcgan64.conf data.path=hdfs:///datasets/celeba-64 run.output-dir=hdfs:///runs"
        + " run.name=celeba-small-container eval.extractor=none" + SCALE + " train.batch-size=32 train.partitions=1"
        + " spark.backend=per-step",
        Map.of(), 600);
    assertEquals(3, outcome.exit(), outcome.tail());
    List<String> verdict = verdict(outcome, 2);
    assertEquals(1, verdict.size(), outcome.tail());
    // YARN kills the container, or its JVM stops itself at its resident cap first (JavaCPP checks at allocations)
    assertTrue((verdict.get(0).contains("killed for exceeding its memory")
        || verdict.get(0).contains("needed more memory than its cap")) && verdict.get(0).contains("memoryOverhead"),
        verdict.get(0));
  }

  /**
   * Equilibrium's lines of a failed job but the command, the run directory and the lost executors: one line per
   * executor, and no more executors than task attempts (partitions times spark.task.maxFailures).
   */
  private static List<String> verdict(Outcome outcome, int attempts) {
    List<String> lost = outcome.output().lines().filter(l -> l.startsWith("equilibrium: lost executor")).toList();
    assertTrue(lost.size() <= attempts && lost.stream().distinct().count() == lost.size(),
        "an executor lost is one line, at most one per task attempt: " + lost);
    return outcome.output().lines().filter(l -> l.startsWith("equilibrium:")
        && !l.startsWith("equilibrium: spark-submit") && !l.startsWith("equilibrium: run directory")
        && !l.startsWith("equilibrium: resuming") && !l.startsWith("equilibrium: lost executor")).toList();
  }

  /**
   * The resident-memory cap submit-cluster gives each executor's JVM (just below its container): with it at a
   * quarter by hand (at the test's scale an executor needs less than half), ND4J's allocations fail after garbage
   * collection, the tasks fail with the cap's numbers while their executors live on, and the job ends with one line
   * naming the setting to raise, before YARN kills anything; the run directory stays as it was, and the run resumes
   * with the sized cap.
   */
  @Test
  @Order(3)
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void anExecutorOverItsResidentCapEndsInOneLineAndTheRunResumes() throws Exception {
    String resume = "submit-scripts/submit-cluster --deploy-mode client --executors 2 --conf spark.task.maxFailures=2 "
        + "yarn --resume hdfs:///runs/celeba-client run.steps=" + (STEPS + 2);
    Outcome plan = run(resume.replace("submit-cluster", "submit-cluster --dry-run"), Map.of(), 120);
    assertEquals(0, plan.exit(), plan.tail());
    Matcher sized = Pattern.compile("spark\\.executor\\.extraJavaOptions=[^']*maxphysicalbytes=(\\d+)m")
        .matcher(plan.output());
    assertTrue(sized.find(), "submit-cluster caps the executors: " + plan.output());
    long quarter = Long.parseLong(sized.group(1)) / 4;
    List<String> metricsBefore = metrics("/runs/celeba-client");
    Outcome capped = run(resume.replace(" yarn ", " --conf spark.executor.extraJavaOptions=-Dorg.bytedeco.javacpp"
        + ".maxphysicalbytes=" + quarter + "m yarn "), Map.of(), 600);
    assertEquals(3, capped.exit(), capped.tail());
    List<String> ours = verdict(capped, 0);
    assertEquals(1, ours.size(), capped.tail());
    assertTrue(ours.get(0).contains("needed more memory than its cap") && ours.get(0).contains("> " + quarter + "M")
        && ours.get(0).contains("spark.executor.memoryOverhead"), ours.get(0));
    assertEquals(metricsBefore, metrics("/runs/celeba-client"), "the run's metrics, as they were");
    assertTrue(hdfs.exists(new org.apache.hadoop.fs.Path("/runs/celeba-client/checkpoints/step-" + STEPS
        + "/commit.json")), "its newest checkpoint");
    Outcome resumed = run(resume, Map.of(), 600);
    assertEquals(0, resumed.exit(), resumed.tail());
    assertEquals(STEPS + 2, metrics("/runs/celeba-client").size(), "resumed to its new step budget");
  }

  /** Starts the training command, kills nothing yet, and returns its application once it checkpointed step 2. */
  private String trainUntilCheckpointed(String command, Map<String, String> variables) throws Exception {
    Process process = start(command, variables, dir.resolve("train.log"));
    org.apache.hadoop.fs.Path checkpoint = new org.apache.hadoop.fs.Path("/runs/celeba-dcgan64/checkpoints/step-2/"
        + "commit.json");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
    while (!hdfs.exists(checkpoint)) {
      assertTrue(process.isAlive(), "the training run ended before its checkpoint: " + tail(dir.resolve("train.log")));
      assertTrue(System.nanoTime() < deadline, "no checkpoint of step 2: " + tail(dir.resolve("train.log")));
      Thread.sleep(500);
    }
    Matcher m = APPLICATION.matcher(Files.readString(dir.resolve("train.log")));
    assertTrue(m.find(), "the submission names its application");
    String application = m.group(1);
    // the README's kill command comes next; the submission then ends with the application
    new Thread(() -> {
      try {
        process.waitFor(5, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }).start();
    return application;
  }

  record Outcome(int exit, String output) {
    String tail() {
      String[] lines = output.split("\n");
      return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 40), lines.length));
    }
  }

  private Outcome run(String command, Map<String, String> variables, int seconds) throws Exception {
    Path log = Files.createTempFile(dir, "command-", ".log");
    Process process = start(command, variables, log);
    assertTrue(process.waitFor(seconds, TimeUnit.SECONDS), "timed out: " + command + "\n" + tail(log));
    return new Outcome(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private Process start(String command, Map<String, String> variables, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(REPO.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    builder.environment().putAll(variables);
    Files.writeString(Path.of(log + ".cmd"), command + "\n");
    return builder.start();
  }

  private static String tail(Path log) throws IOException {
    return new Outcome(0, Files.readString(log, StandardCharsets.UTF_8)).tail();
  }

  private String listing(String root) throws IOException {
    StringBuilder b = new StringBuilder();
    var files = hdfs.listFiles(new org.apache.hadoop.fs.Path(root), true);
    while (files.hasNext()) {
      b.append(files.next().getPath()).append('\n');
    }
    return b.toString();
  }

  private byte[] read(String path) throws IOException {
    try (InputStream in = hdfs.open(new org.apache.hadoop.fs.Path(path))) {
      return in.readAllBytes();
    }
  }

  /** metrics.jsonl without the wall times. */
  private List<String> metrics(String run) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line : new String(read(run + "/metrics.jsonl"), StandardCharsets.UTF_8).split("\n")) {
      lines.add(line.replaceAll(",?\"ms_per_step\":[0-9.eE+-]+", ""));
    }
    assertNotEquals(0, lines.size());
    return lines;
  }

  private static void script(Path file, String body) throws IOException {
    Files.writeString(file, "#!/usr/bin/env bash\n" + body + "\n");
    file.toFile().setExecutable(true);
  }

  /** A CelebA-shaped folder of drawn faces: img_align_celeba/, list_eval_partition.txt, list_attr_celeba.txt. */
  private static Path faces(Path root) throws IOException {
    Path images = Files.createDirectories(root.resolve("img_align_celeba"));
    Random random = new Random(5);
    List<String> attributes = List.of("Smiling", "Eyeglasses");
    StringBuilder attributeList = new StringBuilder(IMAGES + "\n" + String.join(" ", attributes) + "\n");
    StringBuilder splits = new StringBuilder();
    for (int i = 0; i < IMAGES; i++) {
      String name = String.format("%06d.jpg", i + 1);
      BufferedImage image = new BufferedImage(178, 218, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
      g.fillRect(0, 0, 178, 218);
      g.setColor(new Color(220, 170 + random.nextInt(40), 140));
      g.fillOval(39 + random.nextInt(10), 50 + random.nextInt(10), 90, 120);
      g.dispose();
      ImageIO.write(image, "jpg", images.resolve(name).toFile());
      attributeList.append(name).append(random.nextBoolean() ? "  1" : " -1").append(random.nextBoolean() ? "  1" : " -1")
          .append('\n');
      splits.append(name).append(i % 6 == 0 ? " 2\n" : " 0\n");
    }
    Files.writeString(root.resolve("list_attr_celeba.txt"), attributeList);
    Files.writeString(root.resolve("list_eval_partition.txt"), splits);
    return root;
  }
}
