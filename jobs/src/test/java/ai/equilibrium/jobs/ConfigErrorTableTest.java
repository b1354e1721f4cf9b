package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input of every kind (command line, config file, every section's keys, the output directory, the Spark
 * master) ends TrainJob with exit code 2 and exactly one line, "equilibrium: ...", naming the key or path: no
 * stack trace, and nothing else on the terminal. Every case fails before Spark starts, so the table runs in
 * this JVM; TrainJobBadInputIT checks the real main in a JVM of its own.
 */
class ConfigErrorTableTest {
  @TempDir
  Path dir;

  /**
   * @param args  the command line after the safe base below
   * @param names what the one line must contain: the key, option or path at fault
   */
  record Case(List<String> args, String names) {
    static Case of(String names, String... args) {
      return new Case(List.of(args), names);
    }

    String title() {
      return String.join(" ", args);
    }
  }

  /** What TrainJob printed and returned. */
  record Outcome(int exitCode, String out, String err) {}

  /** Listens to every Spark context the cases' configs would start: bad input must fail before one starts. */
  public static final class SparkStarted extends SparkListener {
    static final AtomicBoolean STARTED = new AtomicBoolean();

    public SparkStarted() {
      STARTED.set(true);
    }
  }

  /**
   * Put before every case's arguments: if a case were ever accepted, it would train one step on a small
   * mixture in the temporary directory rather than a default run. Cases that set these keys override them.
   */
  private List<String> safeBase() {
    return List.of("run.output-dir=" + dir.resolve("runs"), "run.steps=1", "run.progress-every=0",
        "data.source=gaussian-ring", "data.mixture-samples=2000", "eval.extractor=none", "spark.master=local[1]",
        "spark.conf.\"spark.extraListeners\"=" + SparkStarted.class.getName());
  }

  private List<Case> cases() throws IOException {
    Path plainFile = Files.writeString(dir.resolve("plain-file"), "not a directory\n");
    List<Case> cases = new ArrayList<>(List.of(
        // The command line
        Case.of("--config", "--config"),
        Case.of("--resume", "--resume"),
        Case.of("'--steps'", "--steps", "5"),
        Case.of("'run.steps'", "run.steps"),
        Case.of("=5", "=5"),
        Case.of("a..b", "a..b=1"),
        Case.of(dir.resolve("missing.conf").toString(), "--config=" + dir.resolve("missing.conf")),
        Case.of(dir.toString(), "--config", dir.toString()),
        Case.of("run.name", "run.name=${no-such-variable}"),
        Case.of(dir.resolve("no-run").toString(), "--resume=" + dir.resolve("no-run")),
        Case.of("--resume", "--resume", dir.toString()), // a directory, but no run's config.conf in it
        // Unknown keys, and sections and values mixed up
        Case.of("train.batch-sze", "train.batch-sze=3"),
        Case.of("colour", "colour=red"),
        Case.of("'run'", "run=5"),
        Case.of("run.name", "run.name={first = a}"),
        // run
        Case.of("run.steps", "run.steps=ten"),
        Case.of("run.steps", "run.steps=0"),
        Case.of("run.steps", "run.steps=[1, 2]"),
        Case.of("run.steps", "run.steps=99999999999"),
        Case.of("run.seed", "run.seed=abc"),
        Case.of("run.name", "run.name=\"\""),
        Case.of("run.name", "run.name=[a, b]"),
        Case.of("run.log-every", "run.log-every=-1"),
        Case.of("run.progress-every", "run.progress-every=often"),
        Case.of("run.sample-every", "run.sample-every=-5"),
        Case.of("run.sample-count", "run.sample-count=0"),
        Case.of("run.checkpoint-every", "run.checkpoint-every=-1"),
        Case.of("run.keep-checkpoints", "run.keep-checkpoints=0"),
        Case.of("run.output-dir", "run.output-dir=\"\""),
        Case.of("/proc/forbidden", "run.output-dir=/proc/forbidden"),
        Case.of(plainFile.resolve("runs").toString(), "run.output-dir=" + plainFile.resolve("runs")),
        // data
        Case.of("data.source", "data.source=cifar-10"),
        Case.of("data.mixture-samples", "data.mixture-samples=0"),
        Case.of("data.noise-images.size", "data.noise-images.size=0"),
        Case.of("data.noise-images.channels", "data.noise-images.channels=three"),
        Case.of("model.architecture", "model.architecture=dcgan-64", "data.source=noise-images", "data.noise-images.size=32"),
        Case.of("data.path", "data.path={dir = x}"),
        Case.of(dir.resolve("no-data").toString(), "data.source=fashion-mnist", "data.path=" + dir.resolve("no-data")),
        Case.of("data.path", "data.source=image-shards"),
        Case.of(dir.resolve("not-prepared").toString(), "data.source=image-shards",
            "data.path=" + dir.resolve("not-prepared")),
        // model
        Case.of("model.architecture", "model.architecture=resnet"),
        Case.of("model.architecture", "model.architecture=dcgan-28"), // 28x28 images only, the base data are points
        Case.of("model.latent-dim", "model.latent-dim=-3"),
        Case.of("model.latent-dim", "model.latent-dim=null"),
        Case.of("model.generator-hidden", "model.generator-hidden=[256, 0]"),
        Case.of("model.adversary-hidden", "model.adversary-hidden=wide"),
        Case.of("model.precision", "model.precision=half"),
        // game
        Case.of("game.type", "game.type=chess"),
        Case.of("game.loss", "game.loss=[hinge]"),
        Case.of("schedule.x-min", "game.loss=wasserstein"), // V* = 0: the default band 0.1 V* is empty
        // train
        Case.of("train.batch-size", "train.batch-size=65"),
        Case.of("train.batch-size", "train.batch-size={}"),
        Case.of("train.partitions", "train.partitions=0"),
        Case.of("train.micro-batches-per-partition", "train.micro-batches-per-partition=two"),
        Case.of("train.update-order", "train.update-order=random"),
        Case.of("train.adversary-steps", "train.update-order=simultaneous", "train.adversary-steps=2"),
        // optimizer.main and optimizer.adversary
        Case.of("optimizer.main.type", "optimizer.main.type=rmsprop"),
        Case.of("optimizer.main.lr", "optimizer.main.lr=-1"),
        Case.of("optimizer.main.beta1", "optimizer.main.beta1=1.0"),
        Case.of("optimizer.generator", "optimizer.generator.lr=0.1", "optimizer.main.lr=0.2"),
        Case.of("optimizer.adversary.beta2", "optimizer.adversary.beta2=high"),
        Case.of("optimizer.adversary.epsilon", "optimizer.adversary.epsilon=0"),
        Case.of("optimizer.adversary.scope", "optimizer.adversary.scope=everything"),
        Case.of("optimizer.adversary.magnitude", "optimizer.adversary.type=grafted",
            "optimizer.adversary.magnitude=grafted"),
        // stabilize
        Case.of("stabilize.brc.enabled", "stabilize.brc.enabled=maybe"),
        Case.of("stabilize.brc.epsilon", "stabilize.brc.epsilon=-1"),
        Case.of("stabilize.brc.enabled", "stabilize.brc.enabled=true", "game.loss=minimax"),
        Case.of("stabilize.spectral-norm", "stabilize.spectral-norm=[true]"),
        Case.of("stabilize.penalty.type", "stabilize.penalty.type=gp"),
        Case.of("stabilize.penalty.weight", "stabilize.penalty.weight=-10"),
        Case.of("stabilize.penalty.fd-step", "stabilize.penalty.fd-step=0"),
        Case.of("model.precision", "stabilize.penalty.type=r1"), // finite differences need double precision
        // eval
        Case.of("eval.every", "eval.every=-1"),
        Case.of("eval.samples", "eval.samples=5"),
        Case.of("eval.extractor", "eval.extractor=inception"),
        Case.of("eval.input-size", "eval.input-size=0"),
        Case.of("eval.best-metric", "eval.best-metric=is"),
        Case.of(dir.resolve("no-model.zip").toString(), "data.source=fashion-mnist", "eval.extractor=classifier",
            "eval.extractor-path=" + dir.resolve("no-model.zip")),
        Case.of("eval.extractor-path", "data.source=fashion-mnist", "eval.extractor=keras"),
        // domain adaptation
        Case.of("game.lambda", "game.type=domain-adaptation", "data.source=two-moons", "game.lambda=-0.5"),
        Case.of("game.lambda", "game.type=domain-adaptation", "data.source=two-moons", "game.lambda=schedule"),
        Case.of("game.domain-loss", "game.type=domain-adaptation", "data.source=two-moons", "game.domain-loss=max"),
        Case.of("data.source", "game.type=domain-adaptation"), // the base's gaussian-ring is a GAN's data
        Case.of("data.source", "data.source=two-moons"), // a pair of domains for a GAN
        Case.of("model.architecture", "game.type=domain-adaptation", "data.source=two-moons",
            "model.architecture=dcgan-28"),
        Case.of("stabilize.brc.enabled", "game.type=domain-adaptation", "data.source=two-moons",
            "stabilize.brc.enabled=true"),
        Case.of("data.moons.samples", "game.type=domain-adaptation", "data.source=two-moons", "data.moons.samples=0"),
        Case.of("data.moons.noise", "game.type=domain-adaptation", "data.source=two-moons", "data.moons.noise=-1"),
        Case.of("model.feature-dimension", "game.type=domain-adaptation", "data.source=two-moons",
            "model.feature-dimension=0"),
        Case.of("model.feature-hidden", "game.type=domain-adaptation", "data.source=two-moons",
            "model.feature-hidden=[8,-1]"),
        Case.of("optimizer.main.decay", "optimizer.main.decay=cosine"),
        Case.of(dir.resolve("no-mnist").toString(), "game.type=domain-adaptation", "data.source=mnist-to-mnistm",
            "data.path=" + dir.resolve("no-mnist")),
        Case.of("data.mnistm.backgrounds", "game.type=domain-adaptation", "data.source=mnist-to-mnistm",
            "data.mnistm.backgrounds=paintings"),
        Case.of("data.mnistm.photos", "game.type=domain-adaptation", "data.source=mnist-to-mnistm",
            "data.mnistm.backgrounds=photos", "data.mnistm.photos=" + dir.resolve("no-photos")),
        // schedule
        Case.of("schedule.type", "schedule.type=cosine"),
        Case.of("schedule.decay", "schedule.decay=1.0"),
        Case.of("schedule.h-min", "schedule.h-min=0"),
        Case.of("schedule.f-max", "schedule.f-max=0.5"),
        Case.of("schedule.x-min", "schedule.x-min=-1"),
        Case.of("schedule.x-max", "schedule.x-max=big"),
        // spark
        Case.of("spark.master", "spark.master=bogus://x"),
        Case.of("spark.master", "spark.master=local[abc]"),
        Case.of("spark.master", "spark.master=local[0]"),
        Case.of("spark.master", "spark.master=spark://"),
        Case.of("spark.master", "spark.master=\"\""),
        Case.of("spark.conf", "spark.conf=3"),
        Case.of("'spark'", "spark=local")));
    if (System.getenv("HADOOP_CONF_DIR") == null && System.getenv("YARN_CONF_DIR") == null) {
      cases.add(Case.of("spark.master", "spark.master=yarn")); // no YARN client configuration here
    }
    cases.addAll(fileCases());
    return cases;
  }

  /** Experiment files: bad syntax, and bad keys and values where a file gives them. */
  private List<Case> fileCases() throws IOException {
    List<Case> cases = new ArrayList<>();
    String[][] files = {
        // name, content, what the line names (blank: the file's path)
        {"unclosed.conf", "train {\n  batch-size = 32\n", ""},
        {"stray.conf", "run.steps = = 3\n", ""},
        {"missing-include.conf", "include required(\"no-such-part.conf\")\n", ""},
        {"typo.conf", "optimizer { adversary { betta1 = 0.9 } }\n", "optimizer.adversary.betta1"},
        {"null-typo.conf", "schedule { decya = null }\n", "schedule.decya"},
        {"list-for-number.conf", "train { batch-size = [64, 128] }\n", "train.batch-size"},
        {"object-for-string.conf", "model { precision { bits = 16 } }\n", "model.precision"},
        {"value-for-section.conf", "stabilize = true\n", "'stabilize'"},
        {"substitution.conf", "train.partitions = ${partition-count}\n", "train.partitions"},
    };
    for (String[] file : files) {
      Path path = Files.writeString(dir.resolve(file[0]), file[1]);
      cases.add(Case.of(file[2].isEmpty() ? path.toString() : file[2], "--config", path.toString()));
    }
    return cases;
  }

  @TestFactory
  Stream<DynamicTest> everyBadInputIsOneLineNamingTheKey() throws IOException {
    List<Case> cases = cases();
    assertTrue(cases.size() >= 40, "the table covers at least 40 cases, has " + cases.size());
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.title(), () -> check(c)));
  }

  private void check(Case c) {
    List<String> args = new ArrayList<>(safeBase());
    args.addAll(c.args());
    SparkStarted.STARTED.set(false);
    Outcome outcome = run(args);
    assertFalse(SparkStarted.STARTED.get(), "fails before Spark starts; stderr: " + outcome.err());
    List<String> lines = outcome.err().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(ExitStatus.BAD_INPUT.code, outcome.exitCode(), "exit code; stderr: " + outcome.err());
    assertEquals("", outcome.out(), "nothing on standard output");
    assertEquals(1, lines.size(), "one line on standard error: " + outcome.err());
    String line = lines.get(0);
    assertTrue(line.startsWith("equilibrium: "), line);
    assertTrue(line.contains(c.names()), "names " + c.names() + ": " + line);
    assertFalse(line.contains("\tat ") || line.contains("Exception"), "no stack trace or exception name: " + line);
  }

  private static Outcome run(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exitCode = TrainJob.run(args.toArray(String[]::new), o, e);
    }
    return new Outcome(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
