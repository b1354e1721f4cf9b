package ai.equilibrium.train;

import ai.equilibrium.optim.LearningRateDecay;
import ai.equilibrium.optim.Optimizer;
import ai.equilibrium.step.GradientCorrection;
import ai.equilibrium.step.GradientTerm;
import ai.equilibrium.step.Player;
import ai.equilibrium.step.Reparameterization;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.tensor.NumericVector;
import ai.equilibrium.tensor.ParameterSegment;
import ai.equilibrium.tensor.ParameterSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One player's driver-side state: the parameters its optimizer updates, the optimizer, the base learning
 * rate, and the reparameterization that turns them into the parameters its networks compute with.
 */
public final class PlayerState {
  private final Player player;
  private final ParameterSet parameters;
  private final Optimizer optimizer;
  private final double baseLearningRate;
  private final LearningRateDecay decay;
  private final Reparameterization reparameterization;
  /** The averaged gradient, reused every step; allocated by the first update (a restored model never needs it). */
  private double[] gradient;
  /** The optimizer's proposed step, reused across steps; allocated with {@link #gradient}. */
  private double[] proposedStep;

  public PlayerState(Player player, ParameterSet parameters, Optimizer optimizer, double baseLearningRate) {
    this(player, parameters, optimizer, baseLearningRate, new LearningRateDecay.None(), Reparameterization.IDENTITY);
  }

  public PlayerState(Player player, ParameterSet parameters, Optimizer optimizer, double baseLearningRate,
      LearningRateDecay decay, Reparameterization reparameterization) {
    this.player = player;
    this.parameters = parameters;
    this.optimizer = optimizer;
    this.baseLearningRate = baseLearningRate;
    this.decay = decay;
    this.reparameterization = reparameterization;
    reparameterization.networkParameters(parameters);
  }

  public Player player() {
    return player;
  }

  /** The parameters the optimizer updates. */
  public ParameterSet parameters() {
    return parameters;
  }

  /** The parameters the networks compute with: what backends ship and models are saved with. */
  public ParameterSet networkParameters() {
    return reparameterization.networkParameters(parameters);
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  public Reparameterization reparameterization() {
    return reparameterization;
  }

  public double baseLearningRate() {
    return baseLearningRate;
  }

  /** The base rate decayed to {@code step} (0-based). */
  public double learningRate(long step) {
    return baseLearningRate * decay.at(step);
  }

  /**
   * A gradient term with respect to this player's parameters, averaged over the global batch (running
   * statistics zero), pulled back to the parameters the optimizer updates.
   */
  public double[] averaged(ShardResult result, GradientTerm term) {
    return averaged(result.gradientSum(term), 1.0 / result.samples());
  }

  /** {@link #averaged} of each micro-batch's own sum, over its own samples, in global micro-batch order. */
  public List<double[]> averagedPerMicroBatch(ShardResult result, GradientTerm term) {
    List<double[]> out = new ArrayList<>();
    for (NumericVector sum : result.microBatchGradients(term)) {
      out.add(averaged(sum, 1.0 / result.microBatchSize()));
    }
    return out;
  }

  private double[] averaged(NumericVector sum, double perSample) {
    double[] out = new double[parameters.size()];
    for (ParameterSegment s : parameters.segments()) {
      if (s.role() == ParameterSegment.Role.TRAINABLE) {
        for (int i = s.offset(); i < s.end(); i++) {
          out[i] = perSample * sum.get(i);
        }
      }
    }
    reparameterization.pullBack(out);
    return out;
  }

  /**
   * Averages the player's own gradient from an aggregated result (trainable segments over samples, running
   * statistics over backward passes), moves the running statistics, applies the corrections, lets the
   * optimizer step and refreshes the network parameters.
   *
   * @param diagnostics receives each correction's diagnostics
   */
  public void update(ShardResult result, double learningRate, List<GradientCorrection> corrections,
      GradientCorrection.AveragedTerms terms, BiConsumer<String, Double> diagnostics) {
    if (gradient == null) {
      gradient = new double[parameters.size()];
      proposedStep = new double[parameters.size()];
    }
    GradientTerm own = GradientTerm.own(player);
    NumericVector sum = result.gradientSum(own);
    double[] values = parameters.values();
    double perSample = 1.0 / result.samples();
    double perPass = 1.0 / result.passes(own);
    for (ParameterSegment s : parameters.segments()) {
      boolean statistic = s.role() == ParameterSegment.Role.RUNNING_STATISTIC;
      sum.scaleInto(statistic ? perPass : perSample, gradient, s.offset(), s.end());
      if (statistic) {
        for (int i = s.offset(); i < s.end(); i++) {
          values[i] -= gradient[i]; // DL4J's pseudo-gradient: the EMA step towards the batch statistic
          gradient[i] = 0;
        }
      }
    }
    reparameterization.pullBack(gradient);
    for (GradientCorrection correction : corrections) {
      Map<String, Double> reported = correction.correct(player, terms, gradient);
      reported.forEach(diagnostics);
    }
    optimizer.step(parameters, gradient, learningRate, proposedStep);
    reparameterization.refresh(parameters);
  }

  /** The whole state a checkpoint must hold to resume this player exactly. */
  public PlayerCheckpoint checkpoint() {
    return new PlayerCheckpoint(parameters.values().clone(), optimizer.state(), reparameterization.state());
  }

  /** Restores a state from {@link #checkpoint()}: parameters, optimizer and reparameterization. */
  public void restore(PlayerCheckpoint checkpoint) {
    restoreModel(checkpoint);
    optimizer.restore(checkpoint.optimizerState());
  }

  /**
   * Restores what the networks compute with (parameters and reparameterization), not the optimizer: a model
   * that is evaluated or sampled, never trained on, so its optimizer state need not be read.
   */
  public void restoreModel(PlayerCheckpoint checkpoint) {
    if (checkpoint.parameters().length != parameters.size()) {
      throw new IllegalArgumentException("the checkpoint holds " + checkpoint.parameters().length + " parameters of "
          + player + ", the network has " + parameters.size());
    }
    System.arraycopy(checkpoint.parameters(), 0, parameters.values(), 0, parameters.size());
    parameters.markUpdated();
    reparameterization.restore(checkpoint.reparameterizationState(), parameters);
  }

  /** Updates with the player's own gradient alone. */
  public void update(ShardResult result, double learningRate) {
    update(result, learningRate, List.of(), GradientCorrection.AveragedTerms.sumsOnly(term -> averaged(result, term)),
        (k, v) -> {});
  }
}
