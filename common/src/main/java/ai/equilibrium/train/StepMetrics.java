package ai.equilibrium.train;

import java.io.Serializable;
import java.util.Map;

/**
 * What one training step reports.
 *
 * @param step                 the step just finished (1-based count of completed steps)
 * @param totalSteps           steps in the run
 * @param adversaryLoss        aggregated adversary loss of the step's last adversary update (NaN if none)
 * @param mainLoss             aggregated main-player loss (NaN if none)
 * @param diagnostics          the game's diagnostics, averaged over samples
 * @param smoothedAdversaryLoss the schedule's EMA of the adversary loss (NaN if it keeps none)
 * @param idealAdversaryLoss   V*
 * @param lrMultiplier         the schedule's multiplier for this step's adversary update
 * @param adversaryLearningRate base rate times multiplier
 * @param mainLearningRate     the main player's rate
 * @param millis               wall time of the step
 */
public record StepMetrics(long step, long totalSteps, double adversaryLoss, double mainLoss,
    Map<String, Double> diagnostics, double smoothedAdversaryLoss, double idealAdversaryLoss,
    double lrMultiplier, double adversaryLearningRate, double mainLearningRate, double millis)
    implements Serializable {}
