package ai.equilibrium.adaptation;

import ai.equilibrium.data.DomainShard;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.loss.AdversarialLoss;
import ai.equilibrium.loss.DomainLossReduction;
import ai.equilibrium.loss.MainPlayerLoss;
import ai.equilibrium.loss.MinimaxLoss;
import ai.equilibrium.loss.TaskLoss;
import ai.equilibrium.model.DomainAdaptationSpec;
import ai.equilibrium.model.Networks;
import ai.equilibrium.model.ScratchArrays;
import ai.equilibrium.stabilize.GradientPenalty;
import ai.equilibrium.stabilize.Penalties;
import ai.equilibrium.stabilize.PenaltyGradient;
import ai.equilibrium.step.GradientTerm;
import ai.equilibrium.step.MicroBatchLoop;
import ai.equilibrium.step.MicroBatchPlan;
import ai.equilibrium.step.Player;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.step.StepRequest;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Adversarial domain adaptation (DANN, Ganin et al. 2016) as a two-player game. The main player is a feature
 * extractor F with a label classifier C; the adversary is a domain classifier D on F's features. Per
 * micro-batch of n labelled source and n unlabelled target samples:
 *
 * <pre>
 *   adversary:  L_D = r (mean_s softplus(-D(F(x_s))) + mean_t softplus(D(F(x_t))))    (F held fixed)
 *   main:       L_FC = mean_s CE(C(F(x_s)), y_s) - λ L_D                               (D held fixed)
 * </pre>
 *
 * with r the domain-loss reduction (V* = r ln 4). The -λ L_D term is the gradient reversal layer: it reaches F
 * only, reversed and weighted by λ. Target labels are not in the training shard. Gradient penalties on D
 * apply in feature space, on source and target features.
 */
public final class DomainAdaptationGame implements AdversarialGame<DomainAdaptationNetworks, DomainShard> {
  private static final long serialVersionUID = 1L;
  /** The domain classifier's cross-entropy, source as "real" (label 1) and target as "fake" (label 0). */
  private static final AdversarialLoss DOMAIN_LOSS = new MinimaxLoss();
  private static final Set<GradientTerm> OWN_TERMS = EnumSet.of(GradientTerm.MAIN_LOSS_MAIN_PARAMETERS,
      GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS);

  private final DomainAdaptationSpec spec;
  private final int inputDimension;
  private final int classes;
  private final MainPlayerLoss mainLoss;
  private final DomainLossReduction reduction;
  private final Penalties penalties;
  private final MicroBatchPlan plan;
  private final long seed;
  private final DataType precision;

  /**
   * @param mainLoss  the label classifier's task loss and λ, the weight of the reversed domain loss
   * @param penalties gradient penalties on the domain classifier, in feature space
   */
  public DomainAdaptationGame(DomainAdaptationSpec spec, int inputDimension, int classes, MainPlayerLoss mainLoss,
      DomainLossReduction reduction, Penalties penalties, MicroBatchPlan plan, long seed, DataType precision) {
    if (mainLoss.task().isEmpty()) {
      throw new IllegalArgumentException("domain adaptation's main player needs a task loss (the label classifier's)");
    }
    this.spec = spec;
    this.inputDimension = inputDimension;
    this.classes = classes;
    this.mainLoss = mainLoss;
    this.reduction = reduction;
    this.penalties = penalties;
    this.plan = plan;
    this.seed = seed;
    this.precision = precision;
  }

  @Override
  public DomainAdaptationNetworks buildNetworks() {
    ScratchArrays scratch = new ScratchArrays(); // the three networks' passes run one after another
    return new DomainAdaptationNetworks(Networks.build(spec.features(inputDimension, seed, precision), scratch),
        Networks.build(spec.classifier(classes, seed + 1, precision), scratch),
        Networks.build(spec.domainClassifier(seed + 2, precision), scratch));
  }

  @Override
  public double idealAdversaryLoss() {
    return reduction.idealLoss();
  }

  @Override
  public MicroBatchPlan plan() {
    return plan;
  }

  public int classes() {
    return classes;
  }

  public DataType precision() {
    return precision;
  }

  @Override
  public ShardResult computeShard(DomainAdaptationNetworks nets, DomainShard shard, int partition,
      StepRequest request) {
    for (GradientTerm term : request.terms()) {
      if (!OWN_TERMS.contains(term)) {
        throw new IllegalArgumentException("domain adaptation computes each player's own gradient only, not " + term
            + " (the best-response correction is a GAN generator's)");
      }
    }
    double lambda = mainLoss.adversarialWeight(request.step());
    TaskLoss task = mainLoss.task().orElseThrow();
    return MicroBatchLoop.run(plan, seed, request, partition, (microBatch, sums, result) -> {
      int n = microBatch.size();
      SplittableRandom random = microBatch.random();
      int[] sourceIndices = draw(random, n, shard.sourceSize());
      int[] targetIndices = draw(random, n, shard.targetSize());
      INDArray inputs = Nd4j.vstack(shard.sourceRows(sourceIndices, precision), shard.targetRows(targetIndices, precision));
      INDArray features = nets.features().forward(inputs);
      INDArray sourceFeatures = features.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
      INDArray targetFeatures = features.get(NDArrayIndex.interval(n, 2 * n), NDArrayIndex.all());

      // The domain classifier on both domains' features: its own loss, and the reversed term of F's.
      INDArray logits = nets.domainClassifier().forward(features);
      AdversarialLoss.AdversaryLossTerms domain = DOMAIN_LOSS.adversary(new AdversarialLoss.AdversaryOutputs(
          logits.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()),
          logits.get(NDArrayIndex.interval(n, 2 * n), NDArrayIndex.all())));
      INDArray dLogits = Nd4j.vstack(domain.dReal(), domain.dFake()).muli(reduction.factor());
      boolean main = sums.wants(GradientTerm.MAIN_LOSS_MAIN_PARAMETERS);
      INDArray dFeaturesDomain = nets.domainClassifier().backward(dLogits, main);
      double domainLoss = reduction.factor() * domain.sum();
      result.addDiagnostic("domain_accuracy", correctDomains(logits, n), 2L * n);
      if (sums.wants(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS)) {
        sums.addPass(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS, nets.domainClassifier().gradients());
        for (GradientPenalty penalty : penalties.list()) {
          GradientPenalty.PenaltyPoints points = penalty.points(sourceFeatures.dup(), targetFeatures.dup(), random);
          PenaltyGradient.Evaluation value = PenaltyGradient.evaluate(penalty, nets.domainClassifier(), points.points(),
              false, penalties.relativeStep());
          sums.addPenalty(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS, value.parameterGradient());
          result.addDiagnostic(penalty.name(), value.sum(), n);
        }
      }
      result.addLoss(Player.ADVERSARY, domainLoss);

      if (main) {
        INDArray classLogits = nets.classifier().forward(sourceFeatures.dup());
        int[] labels = shard.sourceLabels(sourceIndices);
        TaskLoss.Terms classification = task.terms(classLogits, labels);
        INDArray dSourceFeatures = nets.classifier().backward(classification.dLogits(), true);
        // Gradient reversal: F descends the task loss and ascends λ times the domain loss.
        INDArray dFeatures = dFeaturesDomain.muli(-lambda);
        dFeatures.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).addi(dSourceFeatures);
        nets.features().backward(dFeatures, false);
        sums.addPass(GradientTerm.MAIN_LOSS_MAIN_PARAMETERS, nets.mainGradients());
        result.addLoss(Player.MAIN, classification.sum() - lambda * domainLoss);
        result.addDiagnostic("task_loss", classification.sum(), n);
        result.addDiagnostic("source_accuracy", correctClasses(classLogits, labels), n);
      }
    });
  }

  /** The class logits [n, classes] of samples [n, dimension] in inference mode: for evaluation. */
  public INDArray classify(DomainAdaptationNetworks nets, INDArray samples) {
    return nets.classifier().output(nets.features().output(samples));
  }

  /** The domain logits [n, 1] of samples in inference mode: for evaluation. */
  public INDArray domainLogits(DomainAdaptationNetworks nets, INDArray samples) {
    return nets.domainClassifier().output(nets.features().output(samples));
  }

  private static int[] draw(SplittableRandom random, int n, int size) {
    int[] indices = new int[n];
    for (int i = 0; i < n; i++) {
      indices[i] = random.nextInt(size);
    }
    return indices;
  }

  /** Source rows (the first n) with a positive logit, plus target rows with a non-positive one. */
  private static double correctDomains(INDArray logits, int n) {
    double[] values = logits.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    int correct = 0;
    for (int i = 0; i < values.length; i++) {
      correct += (i < n) == (values[i] > 0) ? 1 : 0;
    }
    return correct;
  }

  /** Rows whose largest logit is the label's. */
  public static double correctClasses(INDArray logits, int[] labels) {
    int[] predicted = logits.argMax(1).toIntVector();
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      correct += predicted[i] == labels[i] ? 1 : 0;
    }
    return correct;
  }
}
