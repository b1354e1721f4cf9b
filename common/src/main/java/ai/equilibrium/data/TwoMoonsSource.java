package ai.equilibrium.data;

import ai.equilibrium.storage.Digests;
import java.util.SplittableRandom;

/**
 * The toy problem of domain-adversarial training (Ganin et al. 2016, section 5.1): the source domain is two
 * interleaving half-moons with the geometry of scikit-learn's {@code make_moons} (class 0 the outer moon
 * (cos t, sin t), class 1 the inner moon (1 - cos t, 1 - sin t - 0.5), t uniform in [0, pi]) plus isotropic
 * Gaussian noise; the target domain is the same distribution rotated counter-clockwise about the data's centre
 * (0.5, 0.25). Classes are exactly balanced within each split of each domain.
 *
 * <p>Every draw is a function of the seed and the sample's coordinates (split, domain, index): sample i has its
 * own random stream, and the labels of a split come from a seeded shuffle, so the data are the same whatever the
 * partitioning, and the training and test splits never share a stream.
 */
public final class TwoMoonsSource implements DomainPairSource {
  private static final long serialVersionUID = 1L;

  /** The rotation of the target domain in the paper. */
  public static final double DEFAULT_ROTATION_DEGREES = 30;
  /** The noise of the usual two-moons setting. */
  public static final double DEFAULT_NOISE = 0.1;
  /** The centre of the moons (the mean of t uniform in [0, pi]), about which the target is rotated. */
  public static final double CENTRE_X = 0.5;
  public static final double CENTRE_Y = 0.25;

  private static final long LABELS = 0;
  private static final long POINTS = 1;
  private static final int TRAIN = 0;
  private static final int TEST = 1;

  private final int samplesPerDomain;
  private final int testSamplesPerDomain;
  private final double noise;
  private final double rotationDegrees;
  private final long seed;

  /**
   * @param samplesPerDomain     training samples of each domain
   * @param testSamplesPerDomain held-out test samples of each domain
   * @param noise                standard deviation of the Gaussian noise added to each coordinate
   * @param rotationDegrees      counter-clockwise rotation of the target domain
   */
  public TwoMoonsSource(int samplesPerDomain, int testSamplesPerDomain, double noise, double rotationDegrees,
      long seed) {
    if (samplesPerDomain < 1 || testSamplesPerDomain < 1) {
      throw new IllegalArgumentException("two moons need positive training and test sizes, got " + samplesPerDomain
          + " and " + testSamplesPerDomain);
    }
    if (!(noise >= 0) || !Double.isFinite(noise) || !Double.isFinite(rotationDegrees)) {
      throw new IllegalArgumentException("two moons need a finite noise >= 0 and a finite rotation, got noise "
          + noise + " and rotation " + rotationDegrees);
    }
    this.samplesPerDomain = samplesPerDomain;
    this.testSamplesPerDomain = testSamplesPerDomain;
    this.noise = noise;
    this.rotationDegrees = rotationDegrees;
    this.seed = seed;
  }

  @Override
  public String name() {
    return "two-moons-rotated-" + rotationDegrees;
  }

  /** Both domains' training and test samples. */
  @Override
  public long sampleCount() {
    return 2L * (samplesPerDomain + testSamplesPerDomain);
  }

  @Override
  public String contentHash() {
    return Digests.sha256("generated two-moons samples=" + samplesPerDomain + "+" + testSamplesPerDomain + " noise="
        + noise + " rotation=" + rotationDegrees + " seed=" + seed);
  }

  @Override
  public SampleShape shape() {
    return new SampleShape.Point(2);
  }

  @Override
  public int classes() {
    return 2;
  }

  public double rotationDegrees() {
    return rotationDegrees;
  }

  @Override
  public DomainShard loadShard(int partition, int partitions) {
    int rows = Partition.size(samplesPerDomain, partition, partitions);
    int[] sourceLabels = new int[rows];
    float[] source = draw(TRAIN, Domain.SOURCE, samplesPerDomain, partition, partitions, sourceLabels);
    float[] target = draw(TRAIN, Domain.TARGET, samplesPerDomain, partition, partitions, new int[rows]);
    return new DomainShard(2, 2, source, sourceLabels, target);
  }

  @Override
  public LabelledSet heldOut(Domain domain) {
    int[] labels = new int[testSamplesPerDomain];
    float[] rows = draw(TEST, domain, testSamplesPerDomain, 0, 1, labels);
    return new LabelledSet(2, rows, labels);
  }

  /** Draws the samples i = partition mod partitions of one split of one domain; fills in their labels. */
  private float[] draw(int split, Domain domain, int count, int partition, int partitions, int[] labels) {
    int[] allLabels = balancedLabels(split, domain, count);
    double angle = Math.toRadians(domain == Domain.TARGET ? rotationDegrees : 0);
    double cos = StrictMath.cos(angle);
    double sin = StrictMath.sin(angle);
    float[] values = new float[2 * labels.length];
    int row = 0;
    for (int i = partition; i < count; i += partitions, row++) {
      SplittableRandom random = new SplittableRandom(DeterministicSeeds.mix(seed, POINTS, split, domain.ordinal(), i));
      int label = allLabels[i];
      double t = Math.PI * random.nextDouble();
      double x = (label == 0 ? StrictMath.cos(t) : 1 - StrictMath.cos(t)) + noise * random.nextGaussian();
      double y = (label == 0 ? StrictMath.sin(t) : 0.5 - StrictMath.sin(t)) + noise * random.nextGaussian();
      double dx = x - CENTRE_X;
      double dy = y - CENTRE_Y;
      values[2 * row] = (float) (CENTRE_X + cos * dx - sin * dy);
      values[2 * row + 1] = (float) (CENTRE_Y + sin * dx + cos * dy);
      labels[row] = label;
    }
    return values;
  }

  /** Half zeros, half ones (one more zero when odd), in a seeded order that does not follow the partitions. */
  private int[] balancedLabels(int split, Domain domain, int count) {
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i % 2;
    }
    SplittableRandom random = new SplittableRandom(DeterministicSeeds.mix(seed, LABELS, split, domain.ordinal()));
    for (int i = count - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = labels[i];
      labels[i] = labels[j];
      labels[j] = swap;
    }
    return labels;
  }
}
