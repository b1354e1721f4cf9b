package ai.equilibrium.train;

import ai.equilibrium.game.Player;
import ai.equilibrium.model.NumericVector;
import ai.equilibrium.model.ParameterSegment;
import ai.equilibrium.model.ParameterSet;
import ai.equilibrium.optim.Optimizer;

/** One player's driver-side state: parameters, optimizer and base learning rate. */
public final class PlayerState {
  private final Player player;
  private final ParameterSet parameters;
  private final Optimizer optimizer;
  private final double baseLearningRate;
  /** The averaged gradient, reused every step. */
  private final double[] gradient;

  public PlayerState(Player player, ParameterSet parameters, Optimizer optimizer, double baseLearningRate) {
    this.player = player;
    this.parameters = parameters;
    this.optimizer = optimizer;
    this.baseLearningRate = baseLearningRate;
    this.gradient = new double[parameters.size()];
  }

  public Player player() {
    return player;
  }

  public ParameterSet parameters() {
    return parameters;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  public double baseLearningRate() {
    return baseLearningRate;
  }

  /**
   * Averages the player's gradient from an aggregated result (trainable segments over samples, running
   * statistics over backward passes), moves the running statistics, and lets the optimizer step.
   */
  public void update(ShardResult result, double learningRate) {
    NumericVector sum = result.gradientSum(player);
    double[] values = parameters.values();
    double perSample = 1.0 / result.samples();
    double perPass = 1.0 / result.passes(player);
    for (ParameterSegment s : parameters.segments()) {
      boolean statistic = s.role() == ParameterSegment.Role.RUNNING_STATISTIC;
      double scale = statistic ? perPass : perSample;
      for (int i = s.offset(); i < s.end(); i++) {
        gradient[i] = scale * sum.get(i);
        if (statistic) {
          values[i] -= gradient[i]; // DL4J's pseudo-gradient: the EMA step towards the batch statistic
        }
      }
    }
    optimizer.step(parameters, gradient, learningRate);
  }
}
