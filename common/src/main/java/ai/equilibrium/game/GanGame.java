package ai.equilibrium.game;

import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.DeterministicSeeds;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.loss.AdversarialLoss;
import ai.equilibrium.model.NetworkSpec;
import ai.equilibrium.model.NumericVector;
import ai.equilibrium.train.MicroBatchPlan;
import ai.equilibrium.train.ShardResult;
import ai.equilibrium.train.StepRequest;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
    MultiLayerNetwork generator = new MultiLayerNetwork(spec.generator(shape, seed, precision));
    generator.init();
    MultiLayerNetwork onReal = new MultiLayerNetwork(spec.adversary(shape, seed + 1, precision));
    onReal.init();
    MultiLayerNetwork onFake = new MultiLayerNetwork(spec.adversary(shape, seed + 1, precision));
    onFake.init();
    return new GanNetworks(generator, onReal, onFake);
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
    int n = plan.microBatchSize();
    for (int j = 0; j < plan.microBatchesPerPartition(); j++) {
      SplittableRandom random = new SplittableRandom(DeterministicSeeds.mix(seed, request.step(), request.iteration(),
          plan.microBatchIndex(partition, j)));
      INDArray z = latentCodes(random, n);
      int[] indices = new int[n];
      for (int i = 0; i < n; i++) {
        indices[i] = random.nextInt(shard.size());
      }
      INDArray real = shard.rows(indices, precision);
      MultiLayerNetwork generator = nets.generator();
      INDArray generated = forward(generator, z);
      INDArray fake = generated.reshape('c', n, shape.dimension());

      if (request.wants(Player.ADVERSARY)) {
        INDArray realLogits = forward(nets.adversaryOnReal(), real);
        INDArray fakeLogits = forward(nets.adversaryOnFake(), fake);
        AdversarialLoss.AdversaryLossTerms terms =
            loss.adversary(new AdversarialLoss.AdversaryOutputs(realLogits, fakeLogits));
        result.addGradient(Player.ADVERSARY, backward(nets.adversaryOnReal(), terms.dReal()).gradient());
        result.addGradient(Player.ADVERSARY, backward(nets.adversaryOnFake(), terms.dFake()).gradient());
        result.addLoss(Player.ADVERSARY, terms.sum());
        result.addDiagnostic(0, sumOfSigmoids(realLogits), n);
        result.addDiagnostic(1, sumOfSigmoids(fakeLogits), n);
      }
      if (request.wants(Player.MAIN)) {
        MultiLayerNetwork adversary = nets.adversaryOnFake();
        INDArray fakeLogits = forward(adversary, fake);
        AdversarialLoss.MainLossTerms terms = loss.main(fakeLogits);
        INDArray dFake = backward(adversary, terms.dFake()).inputGradient();
        result.addGradient(Player.MAIN, backward(generator, dFake.reshape('c', generated.shape())).gradient());
        result.addLoss(Player.MAIN, terms.sum());
        if (!request.wants(Player.ADVERSARY)) {
          result.addDiagnostic(1, sumOfSigmoids(fakeLogits), n);
        }
      }
      result.addSamples(n);
    }
    return result;
  }

  /** Generates {@code count} samples, [count, dimension], with BatchNorm in inference mode. */
  public INDArray generate(GanNetworks nets, int count, long sampleSeed) {
    INDArray z = latentCodes(new SplittableRandom(sampleSeed), count);
    return nets.generator().output(z, false).reshape('c', count, shape.dimension());
  }

  private INDArray latentCodes(SplittableRandom random, int n) {
    int d = spec.latentDimension();
    double[] values = new double[n * d];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextGaussian();
    }
    return Nd4j.createFromArray(values).reshape(n, d).castTo(precision);
  }

  /** Training-mode forward pass that keeps each layer's input for a backward pass of external errors. */
  private static INDArray forward(MultiLayerNetwork net, INDArray input) {
    net.setInput(input);
    List<INDArray> activations = net.feedForward(true, false);
    return activations.get(activations.size() - 1);
  }

  private record Backward(NumericVector gradient, INDArray inputGradient) {}

  /**
   * Backpropagates d(loss sum)/d(output) through the network of the last {@link #forward} call. The
   * parameter gradient is copied out: DL4J reuses one flattened buffer for every pass.
   */
  private static Backward backward(MultiLayerNetwork net, INDArray outputGradient) {
    Pair<Gradient, INDArray> pair = net.backpropGradient(outputGradient, LayerWorkspaceMgr.noWorkspaces());
    NumericVector gradient = NumericVector.copyOf(net.getGradientsViewArray());
    INDArray inputGradient = pair.getSecond() == null ? null : pair.getSecond().dup();
    return new Backward(gradient, inputGradient);
  }

  private static double sumOfSigmoids(INDArray logits) {
    double sum = 0;
    for (double x : logits.toDoubleVector()) {
      sum += 1 / (1 + Math.exp(-x));
    }
    return sum;
  }
}
