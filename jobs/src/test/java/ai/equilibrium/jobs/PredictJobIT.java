package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.adaptation.DomainAdaptationGame;
import ai.equilibrium.adaptation.DomainAdaptationNetworks;
import ai.equilibrium.data.Domain;
import ai.equilibrium.data.LabelledSet;
import ai.equilibrium.data.NumpyArchive;
import ai.equilibrium.data.TwoMoonsSource;
import ai.equilibrium.experiment.SavedModel;
import ai.equilibrium.step.Player;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A short DANN run on two moons, trained in-process, predicts held-out target points written as a .npz on Spark
 * local[2]: every row's probabilities are the softmax of DomainAdaptationGame.classify's logits on the same points,
 * its class their argmax, in input order over two tasks, and the CSV and the Parquet table hold the same values.
 * Inputs that do not fit are one line and leave no output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PredictJobIT {
  private static final int POINTS = 301;

  @TempDir
  static Path dir;
  Path run;
  Path points;
  LabelledSet target;

  @BeforeAll
  void trainAndWriteTheInput() throws IOException {
    Result trained = new Result();
    int exit = TrainJob.run(new String[] {"--config", repoFile("conf/dann-moons.conf"), "--in-process",
        "run.steps=40", "eval.every=0", "run.output-dir=" + dir.resolve("runs"), "run.progress-every=0"},
        trained.out(), trained.err());
    assertEquals(0, exit, trained.errText());
    run = dir.resolve("runs/dann-moons");
    target = new TwoMoonsSource(POINTS, POINTS, 0.1, 30, 7).heldOut(Domain.TARGET);
    long[] labels = new long[POINTS];
    for (int i = 0; i < POINTS; i++) {
      labels[i] = target.label(i);
    }
    points = npz("points.npz", NumpyArchive.Array.float32("points", target.rows(), POINTS, 2),
        NumpyArchive.Array.int64("labels", labels, POINTS));
  }

  @Test
  void predictionsAreTheSoftmaxOfTheModelsLogitsInCsvAndParquet() throws IOException {
    Path out = dir.resolve("predicted");
    Result result = predict(run.toString(), "--input", points.toString(), "--out", out.toString(),
        "spark.master=local[2]");
    assertEquals(0, result.exit, result.errText());
    assertTrue(result.outText().contains(POINTS + " predictions of dann-moons (checkpoints/step-40) on file:"
        + points + ", array 'points' (float32 [" + POINTS + ", 2]), 2 tasks"), result.outText());

    SavedModel saved = SavedModel.load(run.toString(), "step-40", List.of());
    DomainAdaptationGame game = (DomainAdaptationGame) saved.experiment().game();
    DomainAdaptationNetworks networks = game.buildNetworks();
    networks.setParameters(Player.MAIN, saved.experiment().player(Player.MAIN).networkParameters().snapshot());
    double[] logits = game.classify(networks, target.rows(0, POINTS, game.precision())).castTo(DataType.DOUBLE)
        .dup('c').data().asDouble();

    List<String> lines = Files.readAllLines(out.resolve(PredictJob.CSV));
    assertEquals("id,predicted,p0,p1", lines.get(0));
    assertEquals(POINTS + 1, lines.size());
    int correct = 0;
    for (int i = 0; i < POINTS; i++) {
      String[] row = lines.get(i + 1).split(",");
      assertEquals(Integer.toString(i), row[0], "input order across the tasks");
      double[] expected = softmax(logits[2 * i], logits[2 * i + 1]);
      for (int k = 0; k < 2; k++) {
        assertEquals(expected[k], Float.parseFloat(row[2 + k]), 1e-6, "row " + i + ", p" + k);
      }
      int predicted = Integer.parseInt(row[1]);
      assertEquals(logits[2 * i + 1] > logits[2 * i] ? 1 : 0, predicted, "row " + i);
      correct += predicted == target.label(i) ? 1 : 0;
    }
    assertTrue(correct > POINTS / 2, "40 steps already classify the rotated moons better than chance: " + correct);

    try (SparkSession spark = SparkSession.builder().master("local[1]").appName("read-predictions").getOrCreate()) {
      List<Row> table = spark.read().parquet(out.resolve(PredictJob.PARQUET).toString()).collectAsList();
      assertEquals(POINTS, table.size());
      Map<String, Row> byId = new HashMap<>();
      table.forEach(r -> byId.put(r.getString(0), r));
      for (int i = 0; i < POINTS; i++) {
        String[] row = lines.get(i + 1).split(",");
        Row parquet = byId.get(row[0]);
        assertEquals(Integer.parseInt(row[1]), parquet.getInt(1));
        assertEquals(Float.parseFloat(row[2]), parquet.getFloat(2), 0f, "the same float in both files");
        assertEquals(Float.parseFloat(row[3]), parquet.getFloat(3), 0f);
      }
    }
  }

  @Test
  void inputsThatDoNotFitAreOneLineAndWriteNothing() throws IOException {
    Path wide = npz("wide.npz", NumpyArchive.Array.float32("x", new float[30], 10, 3));
    Path out = dir.resolve("not-written");
    Map<List<String>, String> cases = Map.of(
        List.of("--input", wide.toString()), "wide.npz, array 'x' (float32 [10, 3]) does not fit the model dann-moons "
            + "(checkpoints/step-40), which takes rows of 2 numbers, [n, 2]",
        List.of("--input", points.toString(), "--array", "labels"), "points.npz, array 'labels' (int64 [" + POINTS
            + "]) does not fit the model",
        List.of("--input", points.toString(), "--array", "images"), "points.npz has no array 'images'; its arrays: "
            + "points, labels",
        List.of("--input", dir.resolve("absent.npz").toString()), "no input at " + dir.resolve("absent.npz"));
    for (Map.Entry<List<String>, String> c : cases.entrySet()) {
      List<String> args = new ArrayList<>(List.of(run.toString(), "--out", out.toString(), "spark.master=local[2]"));
      args.addAll(c.getKey());
      Result result = predict(args.toArray(String[]::new));
      assertEquals(2, result.exit, result.errText());
      assertEquals(1, result.errText().strip().lines().count(), result.errText());
      assertTrue(result.errText().contains(c.getValue()), result.errText());
    }
    assertFalse(Files.exists(out), "nothing is written before the input is known to fit");
  }

  private Path npz(String name, NumpyArchive.Array... arrays) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file)) {
      NumpyArchive.write(out, List.of(arrays));
    }
    return file;
  }

  private static double[] softmax(double a, double b) {
    double max = Math.max(a, b);
    double ea = Math.exp(a - max);
    double eb = Math.exp(b - max);
    return new double[] {ea / (ea + eb), eb / (ea + eb)};
  }

  static Result predict(String... args) {
    Result result = new Result();
    result.exit = JobMain.run(args, PredictJob.SPEC, result.out(), result.err());
    return result;
  }

  /** A job's exit status and what it printed. */
  static final class Result {
    final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    int exit;

    PrintStream out() {
      return new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    }

    PrintStream err() {
      return new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    }

    String outText() {
      return outBytes.toString(StandardCharsets.UTF_8);
    }

    String errText() {
      return errBytes.toString(StandardCharsets.UTF_8);
    }
  }

  static String repoFile(String relative) {
    return Path.of(System.getProperty("equilibrium.repo.root", ".."), relative).toString();
  }
}
