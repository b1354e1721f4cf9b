package ai.equilibrium.game;

import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.DeterministicSeeds;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.loss.AdversarialLoss;
import ai.equilibrium.model.DifferentiableNetwork;
import ai.equilibrium.model.HostArrays;
import ai.equilibrium.model.Networks;
import ai.equilibrium.model.NetworkSpec;
import ai.equilibrium.model.NumericVector;
import ai.equilibrium.train.MicroBatchPlan;
import ai.equilibrium.train.ShardResult;
import ai.equilibrium.train.StepRequest;
import java.util.List;
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
  private static final List<String> DIAGNOSTICS = List.of("d_real", "d_fake");

  private final NetworkSpec spec;
  private final SampleShape shape;
  private final AdversarialLoss loss;
  private final MicroBatchPlan plan;
  private final long seed;
  private final DataType precision;

  public GanGame(NetworkSpec spec, SampleShape shape, AdversarialLoss loss, MicroBatchPlan plan, long seed,
      DataType precision) {
    this.spec = spec;
    this.shape = shape;
    this.loss = loss;
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
    return DIAGNOSTICS;
  }

  @Override
  public MicroBatchPlan plan() {
    return plan;
  }

  public SampleShape shape() {
    return shape;
  }

  @Override
  public ShardResult computeShard(GanNetworks nets, DataShard shard, int partition, StepRequest request) {
    ShardResult result = new ShardResult(DIAGNOSTICS.size());
    GradientSum adversaryGradient = new GradientSum();
    GradientSum mainGradient = new GradientSum();
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
      DifferentiableNetwork generator = nets.generator();
      INDArray generated = nets.generatorForward(
          new GanNetworks.MicroBatchKey(request.step(), request.iteration(), microBatch, n), z);
      INDArray fake = generated.reshape('c', n, shape.dimension());

      if (request.wants(Player.ADVERSARY)) {
        INDArray realLogits = nets.adversaryOnReal().forward(real);
        INDArray fakeLogits = nets.adversaryOnFake().forward(fake);
        AdversarialLoss.AdversaryLossTerms terms =
            loss.adversary(new AdversarialLoss.AdversaryOutputs(realLogits, fakeLogits));
        adversaryGradient.add(nets.adversaryOnReal(), terms.dReal());
        adversaryGradient.add(nets.adversaryOnFake(), terms.dFake());
        result.addLoss(Player.ADVERSARY, terms.sum());
        result.addDiagnostic(0, sumOfSigmoids(realLogits), n);
        result.addDiagnostic(1, sumOfSigmoids(fakeLogits), n);
      }
      if (request.wants(Player.MAIN)) {
        DifferentiableNetwork adversary = nets.adversaryOnFake();
        INDArray fakeLogits = adversary.forward(fake);
        AdversarialLoss.MainLossTerms terms = loss.main(fakeLogits);
        INDArray dFake = adversary.backward(terms.dFake(), true);
        mainGradient.add(generator, dFake.reshape('c', generated.shape()));
        result.addLoss(Player.MAIN, terms.sum());
        if (!request.wants(Player.ADVERSARY)) {
          result.addDiagnostic(1, sumOfSigmoids(fakeLogits), n);
        }
      }
      result.addSamples(n);
    }
    adversaryGradient.addTo(result, Player.ADVERSARY);
    mainGradient.addTo(result, Player.MAIN);
    return result;
  }

  /** Generates {@code count} samples, [count, dimension], with BatchNorm in inference mode. */
  public INDArray generate(GanNetworks nets, int count, long sampleSeed) {
    INDArray z = latentCodes(new SplittableRandom(sampleSeed), count);
    return nets.generatorOutput(z).reshape('c', count, shape.dimension());
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
   * A player's parameter-gradient sum over the backward passes of one shard, accumulated natively and copied
   * to the JVM once. DL4J reuses one flattened gradient buffer per network for every pass, so each pass
   * is added before the next one overwrites it.
   */
  private static final class GradientSum {
    private INDArray sum;
    private int passes;

    void add(DifferentiableNetwork net, INDArray outputGradient) {
      net.backward(outputGradient, false);
      INDArray gradient = net.gradients();
      if (sum == null) {
        sum = gradient.dup();
      } else {
        sum.addi(gradient);
      }
      passes++;
    }

    void addTo(ShardResult result, Player player) {
      if (sum != null) {
        result.addGradient(player, NumericVector.copyOf(sum), passes);
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
