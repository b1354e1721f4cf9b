package ai.equilibrium.gan;

import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.DeterministicSeeds;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.loss.AdversarialLoss;
import ai.equilibrium.loss.MainPlayerLoss;
import ai.equilibrium.model.DifferentiableNetwork;
import ai.equilibrium.model.NetworkSpec;
import ai.equilibrium.model.Networks;
import ai.equilibrium.model.ScratchArrays;
import ai.equilibrium.stabilize.GradientPenalty;
import ai.equilibrium.stabilize.Penalties;
import ai.equilibrium.stabilize.PenaltyGradient;
import ai.equilibrium.step.GradientSums;
import ai.equilibrium.step.GradientTerm;
import ai.equilibrium.step.MicroBatchLoop;
import ai.equilibrium.step.MicroBatchPlan;
import ai.equilibrium.step.Player;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.step.StepRequest;
import ai.equilibrium.tensor.HostArrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The GAN game (Goodfellow et al. 2014): the generator maps latent codes to samples, the discriminator
 * scores real against generated samples. Per micro-batch, the adversary's gradient comes from the loss on
 * n real and n generated samples (generator held fixed); the main player's gradient flows through the
 * discriminator (its parameters held fixed) into the generator.
 */
public final class GanGame implements AdversarialGame<GanNetworks, DataShard> {
  private static final long serialVersionUID = 1L;

  private final NetworkSpec spec;
  private final SampleShape shape;
  private final AdversarialLoss loss;
  private final MainPlayerLoss mainLoss;
  private final Penalties penalties;
  private final MicroBatchPlan plan;
  private final long seed;
  private final DataType precision;

  /**
   * @param mainLoss  the generator's loss: the adversarial term of {@code loss} at its weight (no task term)
   * @param penalties gradient penalties added to the adversary's loss (its own gradient)
   */
  public GanGame(NetworkSpec spec, SampleShape shape, AdversarialLoss loss, MainPlayerLoss mainLoss, Penalties penalties,
      MicroBatchPlan plan, long seed, DataType precision) {
    if (mainLoss.task().isPresent()) {
      throw new IllegalArgumentException("a GAN's generator has no task loss");
    }
    this.spec = spec;
    this.shape = shape;
    this.loss = loss;
    this.mainLoss = mainLoss;
    this.penalties = penalties;
    this.plan = plan;
    this.seed = seed;
    this.precision = precision;
  }

  @Override
  public GanNetworks buildNetworks() {
    ScratchArrays scratch = new ScratchArrays(); // the three networks' passes run one after another
    return new GanNetworks(Networks.build(spec.generator(shape, seed, precision), scratch),
        Networks.build(spec.adversary(shape, seed + 1, precision), scratch),
        Networks.build(spec.adversary(shape, seed + 1, precision), scratch));
  }

  @Override
  public double idealAdversaryLoss() {
    return loss.idealAdversaryLoss();
  }

  @Override
  public MicroBatchPlan plan() {
    return plan;
  }

  /** Whether the main player's loss is the negated adversary loss (without penalties). */
  public boolean zeroSum() {
    return loss.zeroSum();
  }

  public SampleShape shape() {
    return shape;
  }

  @Override
  public ShardResult computeShard(GanNetworks nets, DataShard shard, int partition, StepRequest request) {
    boolean adversaryPass = request.needsLossOf(Player.ADVERSARY)
        || (loss.zeroSum() && request.wants(GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS));
    double lambda = mainLoss.adversarialWeight(request.step());
    return MicroBatchLoop.run(plan, seed, request, partition, (microBatch, sums, result) -> {
      int n = microBatch.size();
      SplittableRandom random = microBatch.random();
      INDArray z = latentCodes(random, n);
      int[] indices = new int[n];
      for (int i = 0; i < n; i++) {
        indices[i] = random.nextInt(shard.size());
      }
      if (nets.adversaryOnReal().hasNoise()) { // dropout: masks from the micro-batch's own draws, on any backend
        nets.adversaryOnReal().seedNoise(random.nextLong());
        nets.adversaryOnFake().seedNoise(random.nextLong());
      }
      INDArray real = shard.rows(indices, precision);
      INDArray generated = nets.generatorForward(
          new GanNetworks.MicroBatchKey(request.step(), request.iteration(), microBatch.index(), n), z);
      Samples samples = new Samples(real, generated, generated.reshape('c', n, shape.dimension()), random);
      if (adversaryPass) {
        adversaryLoss(nets, samples, lambda, sums, result);
      }
      mainLoss(nets, samples, lambda, sums, result, !adversaryPass);
    });
  }

  /** One micro-batch's samples; {@code random} continues the micro-batch's draws (interpolation weights). */
  private record Samples(INDArray real, INDArray generated, INDArray fake, SplittableRandom random) {}

  /**
   * The adversary's loss f on reals and fakes plus its penalties, differentiated with respect to the
   * adversary (its own gradient; in a zero-sum game also the main player's, -λ times it, penalties excluded)
   * and with respect to the generator, as requested.
   */
  private void adversaryLoss(GanNetworks nets, Samples batch, double lambda, GradientSums sums, ShardResult result) {
    int n = (int) batch.real().size(0);
    INDArray realLogits = nets.adversaryOnReal().forward(batch.real());
    INDArray fakeLogits = nets.adversaryOnFake().forward(batch.fake());
    AdversarialLoss.AdversaryLossTerms terms =
        loss.adversary(new AdversarialLoss.AdversaryOutputs(realLogits, fakeLogits));
    result.addDiagnostic("d_real", sumOfSigmoids(realLogits), n);
    result.addDiagnostic("d_fake", sumOfSigmoids(fakeLogits), n);
    boolean own = sums.wants(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS);
    boolean negatedMain = loss.zeroSum() && sums.wants(GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS);
    boolean intoGenerator = sums.wants(GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS);
    if (own || negatedMain) {
      nets.adversaryOnReal().backward(terms.dReal(), false);
      addAdversaryPass(nets.adversaryOnReal().gradients(), own, negatedMain, lambda, sums);
    }
    INDArray dFake = nets.adversaryOnFake().backward(terms.dFake(), intoGenerator);
    if (own || negatedMain) {
      addAdversaryPass(nets.adversaryOnFake().gradients(), own, negatedMain, lambda, sums);
    }
    for (GradientPenalty penalty : penalties.list()) {
      GradientPenalty.PenaltyPoints points = penalty.points(batch.real(), batch.fake(), batch.random());
      PenaltyGradient.Evaluation value = PenaltyGradient.evaluate(penalty, nets.adversaryOnReal(), points.points(),
          intoGenerator, penalties.relativeStep());
      if (own) {
        sums.addPenalty(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS, value.parameterGradient());
      }
      if (intoGenerator) {
        INDArray weights = HostArrays.fromDoubles(points.fakeWeights(), n, 1).castTo(dFake.dataType());
        dFake.addi(value.pointGradient().reshape('c', n, shape.dimension()).mulColumnVector(weights));
      }
      result.addDiagnostic(penalty.name(), value.sum(), n);
    }
    if (intoGenerator) {
      nets.generator().backward(dFake.reshape('c', batch.generated().shape()), false);
      sums.addPass(GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS, nets.generator().gradients());
    }
    result.addLoss(Player.ADVERSARY, terms.sum());
  }

  /**
   * The main player's loss λ F on fakes, through the adversary (parameters held) into the generator, and with
   * respect to the adversary's parameters when requested (computed by {@link #adversaryLoss} in a zero-sum
   * game, where F = -f).
   */
  private void mainLoss(GanNetworks nets, Samples batch, double lambda, GradientSums sums, ShardResult result,
      boolean reportFakeScore) {
    boolean own = sums.wants(GradientTerm.MAIN_LOSS_MAIN_PARAMETERS);
    boolean wrtAdversary = !loss.zeroSum() && sums.wants(GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS);
    if (!own && !wrtAdversary) {
      return;
    }
    DifferentiableNetwork adversary = nets.adversaryOnFake();
    INDArray fakeLogits = adversary.forward(batch.fake());
    AdversarialLoss.MainLossTerms terms = loss.main(fakeLogits);
    INDArray dFake = adversary.backward(terms.dFake().muli(lambda), own);
    if (wrtAdversary) {
      sums.addPass(GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS, adversary.gradients());
    }
    if (own) {
      nets.generator().backward(dFake.reshape('c', batch.generated().shape()), false);
      sums.addPass(GradientTerm.MAIN_LOSS_MAIN_PARAMETERS, nets.generator().gradients());
    }
    result.addLoss(Player.MAIN, lambda * terms.sum());
    if (reportFakeScore) {
      result.addDiagnostic("d_fake", sumOfSigmoids(fakeLogits), fakeLogits.length());
    }
  }

  private static void addAdversaryPass(INDArray gradient, boolean own, boolean negatedMain, double lambda,
      GradientSums sums) {
    if (own) {
      sums.addPass(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS, gradient);
    }
    if (negatedMain) {
      sums.addPass(GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS, gradient, -lambda);
    }
  }

  /** Generates {@code count} samples, [count, dimension], with BatchNorm in inference mode. */
  public INDArray generate(GanNetworks nets, int count, long sampleSeed) {
    INDArray z = latentCodes(new SplittableRandom(sampleSeed), count);
    return nets.generatorOutput(z).reshape('c', count, shape.dimension());
  }

  /**
   * Inference-mode samples [n, dimension] for the given sample indices: sample g's latent code comes from
   * (seed, g) alone, so a sample set is the same however it is split across partitions.
   */
  public INDArray generate(GanNetworks nets, long[] sampleIndices, long seed) {
    return generateFrom(nets, latentCodes(sampleIndices, seed));
  }

  /** The size of one latent code. */
  public int latentDimension() {
    return spec.latentDimension();
  }

  /**
   * The latent codes of the given sample indices, row-major [n * latentDimension()]: sample g's standard Gaussian
   * code comes from (seed, g) alone.
   */
  public double[] latentCodes(long[] sampleIndices, long seed) {
    int d = spec.latentDimension();
    double[] values = new double[sampleIndices.length * d];
    for (int i = 0; i < sampleIndices.length; i++) {
      SplittableRandom random = new SplittableRandom(DeterministicSeeds.mix(seed, sampleIndices[i]));
      for (int j = 0; j < d; j++) {
        values[i * d + j] = random.nextGaussian();
      }
    }
    return values;
  }

  /**
   * Inference-mode samples [n, dimension] from latent codes, row-major [n * latentDimension()] (such as
   * {@link #latentCodes} or points between them), rounded to the networks' precision.
   */
  public INDArray generateFrom(GanNetworks nets, double[] codes) {
    int d = spec.latentDimension();
    if (codes.length % d != 0) {
      throw new IllegalArgumentException(codes.length + " values are not whole latent codes of " + d);
    }
    int n = codes.length / d;
    INDArray z = HostArrays.fromDoubles(codes, n, d);
    if (precision != DataType.DOUBLE) {
      z = z.castTo(precision);
    }
    return nets.generatorOutput(z).reshape('c', n, shape.dimension());
  }

  private INDArray latentCodes(SplittableRandom random, int n) {
    int d = spec.latentDimension();
    double[] values = new double[n * d];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextGaussian();
    }
    INDArray codes = HostArrays.fromDoubles(values, n, d);
    return precision == DataType.DOUBLE ? codes : codes.castTo(precision);
  }

  private static double sumOfSigmoids(INDArray logits) {
    double sum = 0;
    for (double x : logits.toDoubleVector()) {
      sum += 1 / (1 + Math.exp(-x));
    }
    return sum;
  }
}
