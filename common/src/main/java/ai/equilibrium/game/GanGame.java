package ai.equilibrium.game;

import ai.equilibrium.step.Player;

import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.DeterministicSeeds;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.loss.AdversarialLoss;
import ai.equilibrium.model.DifferentiableNetwork;
import ai.equilibrium.tensor.HostArrays;
import ai.equilibrium.model.Networks;
import ai.equilibrium.model.NetworkSpec;
import ai.equilibrium.tensor.NumericVector;
import ai.equilibrium.stabilize.GradientPenalty;
import ai.equilibrium.stabilize.PenaltyGradient;
import ai.equilibrium.stabilize.Penalties;
import ai.equilibrium.step.GradientTerm;
import ai.equilibrium.step.MicroBatchPlan;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.step.StepRequest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The GAN game (Goodfellow et al. 2014): the generator maps latent codes to samples, the discriminator
 * scores real against generated samples. Per micro-batch, the adversary's gradient comes from the loss on
 * n real and n generated samples (generator held fixed); the main player's gradient flows through the
 * discriminator (its parameters held fixed) into the generator.
 */
public final class GanGame implements AdversarialGame<GanNetworks> {
  private static final long serialVersionUID = 1L;
  private static final int FIRST_PENALTY_DIAGNOSTIC = 2;

  private final NetworkSpec spec;
  private final SampleShape shape;
  private final AdversarialLoss loss;
  private final Penalties penalties;
  private final List<String> diagnostics;
  private final MicroBatchPlan plan;
  private final long seed;
  private final DataType precision;

  /** @param penalties gradient penalties added to the adversary's loss (its own gradient) */
  public GanGame(NetworkSpec spec, SampleShape shape, AdversarialLoss loss, Penalties penalties, MicroBatchPlan plan,
      long seed, DataType precision) {
    this.spec = spec;
    this.shape = shape;
    this.loss = loss;
    this.penalties = penalties;
    List<String> names = new ArrayList<>(List.of("d_real", "d_fake"));
    penalties.list().forEach(p -> names.add(p.name()));
    this.diagnostics = List.copyOf(names);
    this.plan = plan;
    this.seed = seed;
    this.precision = precision;
  }

  @Override
  public GanNetworks buildNetworks() {
    return new GanNetworks(Networks.build(spec.generator(shape, seed, precision)),
        Networks.build(spec.adversary(shape, seed + 1, precision)),
        Networks.build(spec.adversary(shape, seed + 1, precision)));
  }

  @Override
  public double idealAdversaryLoss() {
    return loss.idealAdversaryLoss();
  }

  @Override
  public List<String> diagnosticNames() {
    return diagnostics;
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
    ShardResult result = new ShardResult(diagnostics.size());
    Map<GradientTerm, GradientSum> sums = new EnumMap<>(GradientTerm.class);
    request.terms().forEach(t -> sums.put(t, new GradientSum()));
    boolean adversaryPass = request.needsLossOf(Player.ADVERSARY)
        || (loss.zeroSum() && request.wants(GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS));
    int n = plan.microBatchSize();
    for (int j = 0; j < plan.microBatchesPerPartition(); j++) {
      int microBatch = plan.microBatchIndex(partition, j);
      SplittableRandom random = new SplittableRandom(DeterministicSeeds.mix(seed, request.step(), request.iteration(),
          microBatch));
      INDArray z = latentCodes(random, n);
      int[] indices = new int[n];
      for (int i = 0; i < n; i++) {
        indices[i] = random.nextInt(shard.size());
      }
      INDArray real = shard.rows(indices, precision);
      INDArray generated = nets.generatorForward(
          new GanNetworks.MicroBatchKey(request.step(), request.iteration(), microBatch, n), z);
      MicroBatch batch = new MicroBatch(real, generated, generated.reshape('c', n, shape.dimension()), random);
      if (adversaryPass) {
        adversaryLoss(nets, batch, sums, result);
      }
      mainLoss(nets, batch, sums, result, !adversaryPass);
      result.addSamples(n);
    }
    sums.forEach((term, sum) -> sum.addTo(result, term));
    return result;
  }

  /** One micro-batch's samples; {@code random} continues the micro-batch's draws (interpolation weights). */
  private record MicroBatch(INDArray real, INDArray generated, INDArray fake, SplittableRandom random) {}

  /**
   * The adversary's loss f on reals and fakes plus its penalties, differentiated with respect to the
   * adversary (its own gradient; minus the main player's gradient in a zero-sum game, penalties excluded)
   * and with respect to the generator, as requested.
   */
  private void adversaryLoss(GanNetworks nets, MicroBatch batch, Map<GradientTerm, GradientSum> sums,
      ShardResult result) {
    int n = (int) batch.real().size(0);
    INDArray realLogits = nets.adversaryOnReal().forward(batch.real());
    INDArray fakeLogits = nets.adversaryOnFake().forward(batch.fake());
    AdversarialLoss.AdversaryLossTerms terms =
        loss.adversary(new AdversarialLoss.AdversaryOutputs(realLogits, fakeLogits));
    GradientSum own = sums.get(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS);
    GradientSum negatedMain = loss.zeroSum() ? sums.get(GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS) : null;
    GradientSum intoGenerator = sums.get(GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS);
    boolean adversaryParameters = own != null || negatedMain != null;
    if (adversaryParameters) {
      nets.adversaryOnReal().backward(terms.dReal(), false);
      addPass(nets.adversaryOnReal().gradients(), own, negatedMain);
    }
    INDArray dFake = nets.adversaryOnFake().backward(terms.dFake(), intoGenerator != null);
    if (adversaryParameters) {
      addPass(nets.adversaryOnFake().gradients(), own, negatedMain);
    }
    for (int k = 0; k < penalties.list().size(); k++) {
      GradientPenalty penalty = penalties.list().get(k);
      GradientPenalty.PenaltyPoints points = penalty.points(batch.real(), batch.fake(), batch.random());
      PenaltyGradient.Evaluation value = PenaltyGradient.evaluate(penalty, nets.adversaryOnReal(), points.points(),
          intoGenerator != null, penalties.relativeStep());
      if (own != null) {
        own.addPenalty(value.parameterGradient());
      }
      if (intoGenerator != null) {
        INDArray weights = HostArrays.fromDoubles(points.fakeWeights(), n, 1).castTo(dFake.dataType());
        dFake.addi(value.pointGradient().reshape('c', n, shape.dimension()).mulColumnVector(weights));
      }
      result.addDiagnostic(FIRST_PENALTY_DIAGNOSTIC + k, value.sum(), n);
    }
    if (intoGenerator != null) {
      nets.generator().backward(dFake.reshape('c', batch.generated().shape()), false);
      intoGenerator.addPass(nets.generator().gradients());
    }
    result.addLoss(Player.ADVERSARY, terms.sum());
    result.addDiagnostic(0, sumOfSigmoids(realLogits), n);
    result.addDiagnostic(1, sumOfSigmoids(fakeLogits), n);
  }

  /**
   * The main player's loss F on fakes, through the adversary (parameters held) into the generator, and with
   * respect to the adversary's parameters when requested (computed by {@link #adversaryLoss} in a zero-sum
   * game, where F = -f).
   */
  private void mainLoss(GanNetworks nets, MicroBatch batch, Map<GradientTerm, GradientSum> sums, ShardResult result,
      boolean reportFakeScore) {
    GradientSum own = sums.get(GradientTerm.MAIN_LOSS_MAIN_PARAMETERS);
    GradientSum wrtAdversary = loss.zeroSum() ? null : sums.get(GradientTerm.MAIN_LOSS_ADVERSARY_PARAMETERS);
    if (own == null && wrtAdversary == null) {
      return;
    }
    DifferentiableNetwork adversary = nets.adversaryOnFake();
    INDArray fakeLogits = adversary.forward(batch.fake());
    AdversarialLoss.MainLossTerms terms = loss.main(fakeLogits);
    INDArray dFake = adversary.backward(terms.dFake(), own != null);
    if (wrtAdversary != null) {
      wrtAdversary.addPass(adversary.gradients());
    }
    if (own != null) {
      nets.generator().backward(dFake.reshape('c', batch.generated().shape()), false);
      own.addPass(nets.generator().gradients());
    }
    result.addLoss(Player.MAIN, terms.sum());
    if (reportFakeScore) {
      result.addDiagnostic(1, sumOfSigmoids(fakeLogits), fakeLogits.length());
    }
  }

  private static void addPass(INDArray gradient, GradientSum plus, GradientSum minus) {
    if (plus != null) {
      plus.addPass(gradient);
    }
    if (minus != null) {
      minus.subtractPass(gradient);
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
    int d = spec.latentDimension();
    double[] values = new double[sampleIndices.length * d];
    for (int i = 0; i < sampleIndices.length; i++) {
      SplittableRandom random = new SplittableRandom(DeterministicSeeds.mix(seed, sampleIndices[i]));
      for (int j = 0; j < d; j++) {
        values[i * d + j] = random.nextGaussian();
      }
    }
    INDArray codes = HostArrays.fromDoubles(values, sampleIndices.length, d);
    INDArray z = precision == DataType.DOUBLE ? codes : codes.castTo(precision);
    return nets.generatorOutput(z).reshape('c', sampleIndices.length, shape.dimension());
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

  /**
   * A gradient term's sum over the backward passes of one shard, accumulated natively and copied to the JVM
   * once. DL4J reuses one flattened gradient buffer per network for every pass, so each pass is added
   * before the next one overwrites it.
   */
  private static final class GradientSum {
    private INDArray sum;
    private int passes;

    void addPass(INDArray gradient) {
      add(gradient);
      passes++;
    }

    void subtractPass(INDArray gradient) {
      if (sum == null) {
        sum = gradient.neg();
      } else {
        sum.subi(gradient);
      }
      passes++;
    }

    /** A penalty's gradient: no backward pass of the loss, so no running statistics to average. */
    void addPenalty(INDArray gradient) {
      add(gradient);
    }

    private void add(INDArray gradient) {
      if (sum == null) {
        sum = gradient.dup();
      } else {
        sum.addi(gradient);
      }
    }

    void addTo(ShardResult result, GradientTerm term) {
      if (sum != null) {
        result.addGradient(term, NumericVector.copyOf(sum), passes);
      }
    }
  }

  private static double sumOfSigmoids(INDArray logits) {
    double sum = 0;
    for (double x : logits.toDoubleVector()) {
      sum += 1 / (1 + Math.exp(-x));
    }
    return sum;
  }
}
