package ai.equilibrium.step;

import ai.equilibrium.step.Player;
import ai.equilibrium.tensor.NumericVector;
import java.io.Serializable;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one partition returns, and the monoid that sums partitions: gradient sums per gradient term, the number
 * of backward passes behind them (running statistics are averaged over passes), loss sums per player,
 * diagnostic sums, and the number of samples. One class for every game; loss math lives in the losses.
 *
 * <p>{@link #merge} mutates and returns this instance (Spark's aggregate contract allows it).
 */
public final class ShardResult implements Serializable {
  private static final long serialVersionUID = 1L;

  private final EnumMap<GradientTerm, NumericVector> gradientSums = new EnumMap<>(GradientTerm.class);
  private final EnumMap<GradientTerm, Integer> passes = new EnumMap<>(GradientTerm.class);
  private final EnumMap<Player, Double> lossSums = new EnumMap<>(Player.class);
  private final double[] diagnosticSums;
  private final long[] diagnosticCounts;
  private long samples;

  public ShardResult(int diagnostics) {
    this.diagnosticSums = new double[diagnostics];
    this.diagnosticCounts = new long[diagnostics];
  }

  /**
   * Adds the sum of {@code passes} backward passes for a gradient term; the vector is taken over, not
   * copied.
   */
  public void addGradient(GradientTerm term, NumericVector gradientSum, int passes) {
    NumericVector existing = gradientSums.get(term);
    gradientSums.put(term, existing == null ? gradientSum : existing.addInPlace(gradientSum));
    this.passes.merge(term, passes, Integer::sum);
  }

  public void addLoss(Player player, double lossSum) {
    lossSums.merge(player, lossSum, Double::sum);
  }

  /** Adds a diagnostic's sum over {@code count} samples. */
  public void addDiagnostic(int index, double sum, long count) {
    diagnosticSums[index] += sum;
    diagnosticCounts[index] += count;
  }

  public void addSamples(long count) {
    samples += count;
  }

  /** Sums another shard into this one; both must come from the same request. */
  public ShardResult merge(ShardResult other) {
    if (other.diagnosticSums.length != diagnosticSums.length) {
      throw new IllegalArgumentException("cannot merge shard results with " + other.diagnosticSums.length
          + " and " + diagnosticSums.length + " diagnostics");
    }
    for (Map.Entry<GradientTerm, NumericVector> e : other.gradientSums.entrySet()) {
      NumericVector mine = gradientSums.get(e.getKey());
      gradientSums.put(e.getKey(), mine == null ? e.getValue() : mine.addInPlace(e.getValue()));
    }
    other.passes.forEach((p, n) -> passes.merge(p, n, Integer::sum));
    other.lossSums.forEach((p, l) -> lossSums.merge(p, l, Double::sum));
    for (int i = 0; i < diagnosticSums.length; i++) {
      diagnosticSums[i] += other.diagnosticSums[i];
      diagnosticCounts[i] += other.diagnosticCounts[i];
    }
    samples += other.samples;
    return this;
  }

  public boolean hasGradient(GradientTerm term) {
    return gradientSums.containsKey(term);
  }

  public NumericVector gradientSum(GradientTerm term) {
    NumericVector g = gradientSums.get(term);
    if (g == null) {
      throw new IllegalStateException("no gradient " + term + " in this result");
    }
    return g;
  }

  public int passes(GradientTerm term) {
    return passes.getOrDefault(term, 0);
  }

  public long samples() {
    return samples;
  }

  /** The player's loss averaged over samples (for a GAN adversary: mean over reals + mean over fakes). */
  public double meanLoss(Player player) {
    return lossSums.getOrDefault(player, Double.NaN) / samples;
  }

  /** Whether any shard reported the diagnostic. */
  public boolean hasDiagnostic(int index) {
    return diagnosticCounts[index] > 0;
  }

  /** A diagnostic averaged over the samples it was reported for. */
  public double meanDiagnostic(int index) {
    return diagnosticSums[index] / diagnosticCounts[index];
  }

  @Override
  public String toString() {
    return "ShardResult{players=" + gradientSums.keySet() + ", passes=" + passes + ", losses=" + lossSums
        + ", diagnostics=" + Arrays.toString(diagnosticSums) + ", samples=" + samples + "}";
  }
}
