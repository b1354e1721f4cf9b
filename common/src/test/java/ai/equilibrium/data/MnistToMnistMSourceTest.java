package ai.equilibrium.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the real digits where submit-scripts/fetch-mnist puts them (submit-scripts/test runs it first); when they
 * are missing every test here fails with the source's message, which names the path and that command.
 */
class MnistToMnistMSourceTest {
  private static final int PIXELS = 28 * 28;
  private static final int DIMENSION = 3 * PIXELS;

  private static MnistToMnistMSource source;
  private static MnistDigits digits;
  private static MnistToMnistMSource.Split split;
  private static DomainShard whole;

  @TempDir
  Path dir;

  @BeforeAll
  static void readMnist() {
    source = new MnistToMnistMSource(MnistToMnistMSource.DEFAULT_PATH, 7);
    source.checkAvailable();
    digits = MnistDigits.read(MnistToMnistMSource.DEFAULT_PATH, "");
    split = source.split();
    whole = source.loadShard(0, 1);
  }

  @Test
  void tenThousandDigitsSplitIntoFourDisjointParts() {
    assertEquals(10_000, digits.count());
    assertEquals(new SampleShape.Image(3, 28, 28), source.shape());
    assertEquals(10, source.classes());
    assertEquals(4000, split.sourceTrain().length);
    assertEquals(1000, split.sourceTest().length);
    assertEquals(4000, split.targetTrain().length);
    assertEquals(1000, split.targetTest().length);
    // every digit in exactly one of source-train, source-test, target-train, target-test
    int[] seen = new int[10_000];
    for (int[] part : new int[][] {split.sourceTrain(), split.sourceTest(), split.targetTrain(), split.targetTest()}) {
      for (int digit : part) {
        seen[digit]++;
      }
    }
    for (int d = 0; d < seen.length; d++) {
      assertEquals(1, seen[d], "digit " + d);
    }
    assertEquals(4000, whole.sourceSize());
    assertEquals(4000, whole.targetSize());
    assertEquals(DIMENSION, whole.dimension());
    assertEquals(1000, source.heldOut(Domain.SOURCE).size());
    assertEquals(1000, source.heldOut(Domain.TARGET).size());
    // a shuffled split: every class in every part
    for (int[] part : new int[][] {split.sourceTrain(), split.sourceTest(), split.targetTrain(), split.targetTest()}) {
      Set<Integer> classes = new HashSet<>();
      for (int digit : part) {
        classes.add(digits.labels()[digit]);
      }
      assertEquals(10, classes.size());
    }
  }

  @Test
  void sourceRowsAreTheGreyDigitInEveryChannel() {
    int[] labels = whole.sourceLabels(TwoMoonsSourceTest.range(whole.sourceSize()));
    for (int r = 0; r < whole.sourceSize(); r += 97) {
      int digit = split.sourceTrain()[r];
      assertEquals(digits.labels()[digit], labels[r], "row " + r);
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < PIXELS; p++) {
          assertEquals(2 * digits.pixel(digit, p) - 1, whole.sourceValue(r, c * PIXELS + p), 1e-6,
              "row " + r + " channel " + c + " pixel " + p);
        }
      }
    }
  }

  @Test
  void targetPixelsAreThePatchMinusTheDigit() {
    for (int r = 0; r < whole.targetSize(); r += 89) {
      int digit = split.targetTrain()[r];
      float[] patch = new MnistToMnistMSource(MnistToMnistMSource.DEFAULT_PATH, 7).patch(digit);
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < PIXELS; p++) {
          float expected = Math.abs(patch[c * PIXELS + p] - digits.pixel(digit, p));
          assertEquals(2 * expected - 1, whole.targetValue(r, c * PIXELS + p), 1e-6,
              "row " + r + " channel " + c + " pixel " + p);
        }
      }
    }
  }

  @Test
  void patchesAreColouredTexturesThatDifferPerDigit() {
    float[] a = source.patch(3);
    float[] b = source.patch(4);
    assertEquals(DIMENSION, a.length);
    assertArrayEquals(a, source.patch(3), "a function of the seed and the digit");
    assertFalse(Arrays.equals(a, b), "each digit has its own patch");
    assertFalse(Arrays.equals(a, new MnistToMnistMSource(MnistToMnistMSource.DEFAULT_PATH, 8).patch(3)),
        "the seed changes the patches");
    double colour = 0;
    double texture = 0;
    for (int i = 0; i < 50; i++) {
      float[] patch = source.patch(i);
      for (int p = 0; p < PIXELS; p++) {
        for (int c = 0; c < 3; c++) {
          float v = patch[c * PIXELS + p];
          assertTrue(v >= 0 && v <= 1, "patch " + i + " value " + v);
        }
        colour += Math.abs(patch[p] - patch[PIXELS + p]) + Math.abs(patch[PIXELS + p] - patch[2 * PIXELS + p]);
        texture += Math.abs(patch[p] - patch[0]);
      }
    }
    // grey patches would have colour 0; flat ones texture 0
    assertTrue(colour / (50 * PIXELS) > 0.1, "mean channel difference " + colour / (50 * PIXELS));
    assertTrue(texture / (50 * PIXELS) > 0.05, "mean deviation from the corner " + texture / (50 * PIXELS));
  }

  @Test
  void heldOutSetsAreTheTestDigitsWithTheirLabels() {
    for (Domain domain : Domain.values()) {
      LabelledSet test = source.heldOut(domain);
      int[] indices = split.test(domain);
      assertEquals(DIMENSION, test.dimension());
      for (int r = 0; r < test.size(); r += 53) {
        int digit = indices[r];
        assertEquals(digits.labels()[digit], test.label(r), domain + " row " + r);
        float[] patch = source.patch(digit);
        for (int p = 0; p < PIXELS; p++) {
          float grey = digits.pixel(digit, p);
          float expected = domain == Domain.SOURCE ? grey : Math.abs(patch[2 * PIXELS + p] - grey);
          assertEquals(2 * expected - 1, test.value(r, 2 * PIXELS + p), 1e-6, domain + " row " + r + " pixel " + p);
        }
      }
      Set<Integer> training = new HashSet<>();
      for (int digit : split.train(Domain.SOURCE)) {
        training.add(digit);
      }
      for (int digit : split.train(Domain.TARGET)) {
        training.add(digit);
      }
      for (int digit : indices) {
        assertFalse(training.contains(digit), domain + " test digit " + digit + " is also a training digit");
      }
    }
  }

  @Test
  void partitionsAreDisjointAndCoverEverySample() {
    for (int partitions = 1; partitions <= 3; partitions++) {
      int sources = 0;
      int targets = 0;
      for (int p = 0; p < partitions; p++) {
        DomainShard shard = source.loadShard(p, partitions);
        int[] labels = shard.sourceLabels(TwoMoonsSourceTest.range(shard.sourceSize()));
        int[] wholeLabels = whole.sourceLabels(TwoMoonsSourceTest.range(whole.sourceSize()));
        for (int r = 0; r < shard.sourceSize(); r++) {
          int i = p + r * partitions;
          assertEquals(wholeLabels[i], labels[r]);
          assertRowsEqual(whole, i, shard, r, Domain.SOURCE, p + " of " + partitions);
        }
        for (int r = 0; r < shard.targetSize(); r++) {
          assertRowsEqual(whole, p + r * partitions, shard, r, Domain.TARGET, p + " of " + partitions);
        }
        sources += shard.sourceSize();
        targets += shard.targetSize();
      }
      assertEquals(4000, sources, partitions + " partitions");
      assertEquals(4000, targets, partitions + " partitions");
    }
  }

  @Test
  void seedFixesTheSplitAndTheImages() throws IOException {
    MnistToMnistMSource again = new MnistToMnistMSource(MnistToMnistMSource.DEFAULT_PATH, 7);
    MnistToMnistMSource.Split sameSplit = again.split();
    assertArrayEquals(split.sourceTrain(), sameSplit.sourceTrain());
    assertArrayEquals(split.targetTest(), sameSplit.targetTest());
    DomainShard shard = again.loadShard(1, 2);
    assertRowsEqual(whole, 1, shard, 0, Domain.TARGET, "same seed");
    assertRowsEqual(whole, 3, shard, 1, Domain.SOURCE, "same seed");
    MnistToMnistMSource.Split other = new MnistToMnistMSource(MnistToMnistMSource.DEFAULT_PATH, 8).split();
    assertFalse(Arrays.equals(split.sourceTrain(), other.sourceTrain()), "another seed, another split");
    // the digits stay on the driver: the serialized source is its directory and seed
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(source);
    }
    assertTrue(bytes.size() < 1000, bytes.size() + " bytes");
  }

  @Test
  void missingDirectoryNamesThePathAndTheInstallCommand() {
    Path missing = dir.resolve("no-such-directory");
    MnistToMnistMSource absent = new MnistToMnistMSource(missing.toString(), 1);
    DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> absent.loadShard(0, 2));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("submit-scripts/fetch-mnist"), e.getMessage());
    assertThrows(DataUnavailableException.class, () -> absent.heldOut(Domain.TARGET));
  }

  @Test
  void brokenFileNamesItsPath() throws IOException {
    Path broken = writePackage(dir.resolve("broken"), 2);
    Path seven = broken.resolve("src/digits/7.json");
    String text = Files.readString(seven);
    Files.writeString(seven, text.substring(0, text.length() / 2));
    DataUnavailableException e = assertThrows(DataUnavailableException.class,
        () -> new MnistToMnistMSource(broken.toString(), 1).loadShard(0, 1));
    assertTrue(e.getMessage().contains(seven.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("submit-scripts/fetch-mnist"), e.getMessage());

    Files.writeString(seven, "{\"data\": [0.5, 0.25]}");
    e = assertThrows(DataUnavailableException.class, () -> new MnistToMnistMSource(broken.toString(), 1).split());
    assertTrue(e.getMessage().contains(seven.toString()) && e.getMessage().contains("28x28"), e.getMessage());

    Files.writeString(seven, "{\"data\": [" + "2,".repeat(PIXELS - 1) + "2]}");
    e = assertThrows(DataUnavailableException.class, () -> new MnistToMnistMSource(broken.toString(), 1).split());
    assertTrue(e.getMessage().contains("outside [0, 1]"), e.getMessage());
  }

  @Test
  void readsThePackageFormat() throws IOException {
    // three digits per class; digit j of class k has every pixel (10 k + j) / 100, pixel 5 = 1
    Path small = writePackage(dir.resolve("small"), 3);
    MnistDigits read = MnistDigits.read(small.toString(), "");
    assertEquals(30, read.count());
    for (int k = 0; k < 10; k++) {
      for (int j = 0; j < 3; j++) {
        int digit = 3 * k + j;
        assertEquals(k, read.labels()[digit]);
        assertEquals((10 * k + j) / 100f, read.pixel(digit, 0), 1e-7);
        assertEquals((10 * k + j) / 100f, read.pixel(digit, PIXELS - 1), 1e-7);
        assertEquals(1f, read.pixel(digit, 5), 0f);
      }
    }
    // 30 digits: 15 per domain, 3 of them held out
    MnistToMnistMSource.Split parts = new MnistToMnistMSource(small.toString(), 3).split();
    assertEquals(12, parts.sourceTrain().length);
    assertEquals(3, parts.sourceTest().length);
    assertEquals(12, parts.targetTrain().length);
    assertEquals(3, parts.targetTest().length);
  }

  /** An npm-style package of {@code perClass} digits per class, values as readsThePackageFormat describes. */
  private static Path writePackage(Path root, int perClass) throws IOException {
    Path digitsDir = Files.createDirectories(root.resolve("src/digits"));
    for (int k = 0; k < 10; k++) {
      StringBuilder json = new StringBuilder("{ \"data\": [");
      for (int j = 0; j < perClass; j++) {
        for (int p = 0; p < PIXELS; p++) {
          json.append(j + p == 0 ? "" : ",").append(p == 5 ? "1" : String.valueOf((10 * k + j) / 100.0));
        }
      }
      Files.writeString(digitsDir.resolve(k + ".json"), json.append("]}\n"));
    }
    return root;
  }

  private static void assertRowsEqual(DomainShard expected, int expectedRow, DomainShard actual, int actualRow,
      Domain domain, String what) {
    for (int j = 0; j < DIMENSION; j++) {
      float e = domain == Domain.SOURCE ? expected.sourceValue(expectedRow, j) : expected.targetValue(expectedRow, j);
      float a = domain == Domain.SOURCE ? actual.sourceValue(actualRow, j) : actual.targetValue(actualRow, j);
      if (e != a) {
        assertEquals(e, a, 0f, what + ": " + domain + " row " + actualRow + " value " + j);
      }
    }
  }
}
