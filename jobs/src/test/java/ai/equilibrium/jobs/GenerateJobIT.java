package ai.equilibrium.jobs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.data.NumpyArchive;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.experiment.SavedModel;
import ai.equilibrium.experiment.TrainingRun;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.gan.GanGame;
import ai.equilibrium.gan.GanNetworks;
import ai.equilibrium.gan.GenerationPlan;
import ai.equilibrium.gan.LatentInterpolation;
import ai.equilibrium.gan.SampleFiles;
import ai.equilibrium.gan.SampleFormat;
import ai.equilibrium.report.SampleImages;
import ai.equilibrium.step.Player;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Point;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GenerateJob on Spark local[2] over tiny GANs trained here: the PNG files and .npz shards hold what the generator
 * computes, the same bytes on a second run and in-process, interpolation rows end at the generated samples, and
 * bad input is one line.
 */
class GenerateJobIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SPARK = List.of("spark.master=local[2]", "spark.conf.spark.ui.enabled=false");
  @TempDir
  static Path dir;
  private static String imageRun;
  private static String pointRun;

  @BeforeAll
  static void trainTinyGans() {
    List<String> tiny = List.of("model.latent-dim=8", "model.generator-hidden=[16]", "model.adversary-hidden=[16]",
        "train.batch-size=16", "run.steps=20", "run.progress-every=0", "run.seed=3", "optimizer.main.lr=1e-2",
        "run.output-dir=" + dir);
    imageRun = train(tiny, "data.source=noise-images", "data.noise-images.size=6", "data.noise-images.channels=3",
        "data.noise-images.samples=64", "eval.extractor=none", "run.name=images");
    pointRun = train(tiny, "data.source=gaussian-ring", "data.mixture-samples=500", "run.name=points");
  }

  @Test
  void pngFilesHoldTheGeneratorsSamplesAndRepeatBitwise() throws Exception {
    Path first = dir.resolve("png-1");
    Path second = dir.resolve("png-2");
    for (Path out : List.of(first, second)) { // three tasks; shard 1 starts and ends inside generation batches
      generate(imageRun, "--out", out.toString(), "--count", "150", "--shard-size", "70", "--seed", "7");
    }
    List<String> files = files(first);
    assertEquals(151, files.size(), "150 PNG files and the manifest: " + files);
    assertEquals(files, files(second));
    for (String file : files) {
      assertArrayEquals(Files.readAllBytes(first.resolve(file)), Files.readAllBytes(second.resolve(file)), file);
    }
    Trained model = load(imageRun);
    SampleShape.Image shape = (SampleShape.Image) model.game().shape();
    float[][] expected = generated(model, 7, 150);
    for (int g = 0; g < 150; g++) {
      BufferedImage image = ImageIO.read(first.resolve(String.format("sample-%06d.png", g)).toFile());
      assertEquals(shape.width(), image.getWidth());
      for (int y = 0; y < shape.height(); y++) {
        for (int x = 0; x < shape.width(); x++) {
          assertEquals(rgb(shape, expected[g], x, y), image.getRGB(x, y) & 0xFFFFFF,
              "sample " + g + " at " + x + "," + y);
        }
      }
    }
    JsonNode manifest = JSON.readTree(first.resolve(SampleFiles.MANIFEST).toFile());
    assertEquals(150, manifest.get("count").asInt());
    assertEquals("sample-000149.png", manifest.get("last_file").asText());
    assertTrue(manifest.get("checkpoint").asText().startsWith("checkpoints/step-20"), manifest.toString());

    // in-process, with another count and shard size: sample g is the same bytes
    Path inProcess = dir.resolve("png-in-process");
    Files.createDirectories(inProcess);
    GenerationPlan plan = new GenerationPlan(120, 120, 7, SampleFormat.PNG);
    SampleFiles.writeShard(model.game(), model.networks(), plan, 0, inProcess.toString());
    for (String file : files(inProcess)) {
      assertArrayEquals(Files.readAllBytes(first.resolve(file)), Files.readAllBytes(inProcess.resolve(file)), file);
    }
  }

  @Test
  void npzShardsHoldImagesAsBytesAndPointsAsFloats() throws Exception {
    Path images = dir.resolve("npz-images");
    generate(imageRun, "--out", images.toString(), "--count", "130", "--shard-size", "100", "--format", "npz");
    assertEquals(List.of(SampleFiles.MANIFEST, "samples-00000.npz", "samples-00001.npz"), files(images));
    Trained model = load(imageRun);
    SampleShape.Image shape = (SampleShape.Image) model.game().shape();
    float[][] expected = generated(model, 0, 130);
    Map<String, NumpyArchive.Array> last = read(images.resolve("samples-00001.npz"));
    assertArrayEquals(new long[] {30, shape.height(), shape.width(), 3}, last.get("images").shape());
    assertEquals(100, last.get("index").longs()[0]);
    float[] pixels = last.get("images").floats();
    int d = shape.dimension();
    for (int i = 0; i < 30; i++) {
      for (int y = 0; y < shape.height(); y++) {
        for (int x = 0; x < shape.width(); x++) {
          int rgb = rgb(shape, expected[100 + i], x, y);
          int at = i * d + (y * shape.width() + x) * 3;
          assertEquals(rgb >> 16, (int) pixels[at], "red, NHWC");
          assertEquals(rgb & 0xFF, (int) pixels[at + 2], "blue, NHWC");
        }
      }
    }

    Path points = dir.resolve("npz-points");
    generate(pointRun, "--out", points.toString(), "--count", "250", "--format", "npz", "--seed", "9");
    Map<String, NumpyArchive.Array> shard = read(points.resolve("samples-00000.npz"));
    assertArrayEquals(new long[] {250, 2}, shard.get("samples").shape());
    float[][] generatedPoints = generated(load(pointRun), 9, 250);
    float[] written = shard.get("samples").floats();
    for (int g = 0; g < 250; g++) {
      assertArrayEquals(generatedPoints[g], new float[] {written[2 * g], written[2 * g + 1]}, "point " + g);
    }
  }

  @Test
  void interpolationRowsEndAtTheGeneratedSamples() throws Exception {
    Path out = dir.resolve("interpolation");
    generate(imageRun, "--out", out.toString(), "--interpolate", "spherical", "--pairs", "3", "--steps", "5",
        "--seed", "11");
    generate(imageRun, "--out", out.toString(), "--interpolate", "linear", "--pairs", "3", "--steps", "5",
        "--seed", "11", "--format", "npz");
    assertEquals(List.of(SampleFiles.MANIFEST, "interpolation-linear.npz"), files(out), "the earlier grid replaced");
    Trained model = load(imageRun);
    SampleShape.Image shape = (SampleShape.Image) model.game().shape();
    float[][] ends = generated(model, 11, 6);
    Map<String, NumpyArchive.Array> linear = read(out.resolve("interpolation-linear.npz"));
    assertArrayEquals(new long[] {3, 5, shape.height(), shape.width(), 3}, linear.get("images").shape());
    assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5}, linear.get("ends").longs());
    float[] pixels = linear.get("images").floats();
    int d = shape.dimension();
    int differing = 0;
    for (int p = 0; p < 3; p++) {
      for (int end = 0; end < 2; end++) {
        int tile = (p * 5 + end * 4) * d;
        for (int y = 0; y < shape.height(); y++) {
          for (int x = 0; x < shape.width(); x++) { // the same codes in another batch: equal to float rounding
            int red = rgb(shape, ends[2 * p + end], x, y) >> 16;
            int written = (int) pixels[tile + (y * shape.width() + x) * 3];
            assertTrue(Math.abs(red - written) <= 1, "pair " + p + " end " + end);
            differing += red == written ? 0 : 1;
          }
        }
      }
    }
    assertTrue(differing <= 2, differing + " end pixels off by one");

    Path grid = dir.resolve("interpolation-grid");
    generate(imageRun, "--out", grid.toString(), "--interpolate", "spherical", "--pairs", "3", "--steps", "5",
        "--seed", "11");
    BufferedImage png = ImageIO.read(grid.resolve("interpolation-spherical.png").toFile());
    LatentInterpolation walk = new LatentInterpolation(LatentInterpolation.Curve.SPHERICAL, 3, 5, 11);
    int scale = SampleImages.scale(shape);
    for (int p = 0; p < 3; p++) {
      float[][] row = model.game().generateFrom(model.networks(), walk.rowCodes(model.game(), p)).toFloatMatrix();
      for (int j = 0; j < 5; j++) {
        Point origin = SampleImages.tileOrigin(shape, j, p);
        for (int y = 0; y < shape.height(); y++) {
          for (int x = 0; x < shape.width(); x++) {
            assertEquals(rgb(shape, row[j], x, y), png.getRGB(origin.x + x * scale, origin.y + y * scale) & 0xFFFFFF,
                "row " + p + " column " + j);
          }
        }
      }
    }
  }

  @Test
  void badInputIsOneLine() {
    Path out = dir.resolve("bad");
    assertOneLine("--format png needs an image GAN;", pointRun, "--out", out.toString());
    assertOneLine("no run directory at", dir.resolve("no-such-run").toString(), "--out", out.toString());
    assertTrue(!Files.exists(dir.resolve("no-such-run")), "a mistyped run is not created");
    assertOneLine("has no config.conf", dir.toString(), "--out", out.toString());
    assertOneLine("give --out PATH", imageRun);
    assertOneLine("--pairs goes with --interpolate", imageRun, "--out", out.toString(), "--pairs", "3");
    assertOneLine("--count does not go with --interpolate", imageRun, "--out", out.toString(), "--interpolate",
        "linear", "--count", "5");
    assertOneLine("--interpolate must be linear or spherical", imageRun, "--out", out.toString(), "--interpolate", "x");
    assertOneLine("--count must be at least 1", imageRun, "--out", out.toString(), "--count", "0");
    assertTrue(!Files.exists(out), "nothing written");
  }

  private static void assertOneLine(String expected, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = GenerateJob.run(withSpark(args), new PrintStream(new ByteArrayOutputStream(), true, UTF_8),
        new PrintStream(err, true, UTF_8));
    String message = err.toString(UTF_8);
    assertEquals(ExitStatus.BAD_INPUT.code, status, message);
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.startsWith("equilibrium: ") && message.contains(expected), message);
  }

  private static void generate(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = GenerateJob.run(withSpark(args), new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
    assertEquals(0, status, err.toString(UTF_8));
    assertTrue(out.toString(UTF_8).contains("generate: wrote "), out.toString(UTF_8));
  }

  private static String[] withSpark(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(SPARK);
    return all.toArray(String[]::new);
  }

  /** A trained run's GAN with its generator's parameters, in this JVM. */
  private record Trained(GanGame game, GanNetworks networks) {}

  private static Trained load(String run) {
    SavedModel model = SavedModel.load(run, null, List.of());
    GanGame game = (GanGame) model.experiment().game();
    GanNetworks networks = game.buildNetworks();
    networks.setParameters(Player.MAIN, model.experiment().player(Player.MAIN).networkParameters().snapshot());
    return new Trained(game, networks);
  }

  /** Samples 0 .. n - 1 as the generator computes them, in its batches of GenerationPlan.BATCH. */
  private static float[][] generated(Trained model, long seed, int n) {
    float[][] samples = new float[n][];
    for (int start = 0; start < n; start += GenerationPlan.BATCH) {
      long[] batch = new long[GenerationPlan.BATCH];
      for (int i = 0; i < batch.length; i++) {
        batch[i] = start + i;
      }
      float[][] rows = model.game().generate(model.networks(), batch, seed).toFloatMatrix();
      System.arraycopy(rows, 0, samples, start, Math.min(GenerationPlan.BATCH, n - start));
    }
    return samples;
  }

  private static int rgb(SampleShape.Image shape, float[] sample, int x, int y) {
    int plane = shape.height() * shape.width();
    int rgb = 0;
    for (int c = 0; c < 3; c++) {
      rgb = (rgb << 8) | SampleImages.toByte(sample[Math.min(c, shape.channels() - 1) * plane + y * shape.width() + x]);
    }
    return rgb;
  }

  private static Map<String, NumpyArchive.Array> read(Path npz) throws Exception {
    try (InputStream in = Files.newInputStream(npz)) {
      return NumpyArchive.read(in, npz.toString());
    }
  }

  /** The folder's files, hidden ones (a lease, temporaries) excluded, sorted. */
  private static List<String> files(Path folder) throws Exception {
    try (Stream<Path> listing = Files.list(folder)) {
      return listing.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }

  private static String train(List<String> tiny, String... overrides) {
    List<String> all = new ArrayList<>(tiny);
    all.addAll(List.of(overrides));
    try (TrainingRun<?, ?, ?> run = TrainingRun.start(ExperimentSchema.load(null, all),
        new PrintStream(PrintStream.nullOutputStream()))) {
      return trainInProcess(run);
    }
  }

  private static <G extends AdversarialGame<N, S>, N extends GameNetworks, S extends Serializable>
      String trainInProcess(TrainingRun<G, N, S> run) {
    try (var backend = run.experiment().localBackend()) {
      run.train(backend, backend, new PrintStream(PrintStream.nullOutputStream()), List.of());
    }
    return run.directory().location();
  }
}
