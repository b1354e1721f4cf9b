package ai.equilibrium.step;

import ai.equilibrium.tensor.NumericVector;
import java.io.Serializable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one partition returns, and the monoid that sums partitions: gradient sums per gradient term, the number
 * of backward passes behind them (running statistics are averaged over passes), loss sums per player,
 * named diagnostic sums, and the number of samples. One class for every game; loss math lives in the losses.
 * Diagnostics keep the order in which they were first reported, so metrics files list them stably.
 *
 * <p>{@link #merge} mutates and returns this instance (Spark's aggregate contract allows it).
 */
public final class ShardResult implements Serializable {
  private static final long serialVersionUID = 1L;

  private final EnumMap<GradientTerm, NumericVector> gradientSums = new EnumMap<>(GradientTerm.class);
  private final EnumMap<GradientTerm, Integer> passes = new EnumMap<>(GradientTerm.class);
  private final EnumMap<Player, Double> lossSums = new EnumMap<>(Player.class);
  private final LinkedHashMap<String, DiagnosticSum> diagnostics = new LinkedHashMap<>();
  private long samples;
  /** Each micro-batch's own gradient sum of the terms requested per micro-batch, by global micro-batch index. */
  private final EnumMap<GradientTerm, TreeMap<Integer, NumericVector>> microBatchGradients =
      new EnumMap<>(GradientTerm.class);
  private int microBatchSize;

  /** A diagnostic's sum over the samples it was reported for. */
  private record DiagnosticSum(double sum, long count) implements Serializable {
    DiagnosticSum plus(DiagnosticSum other) {
      return new DiagnosticSum(sum + other.sum, count + other.count);
    }
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

  /** Adds micro-batch {@code index}'s own gradient sum of {@code term}; the vector is taken over. */
  public void addMicroBatchGradient(GradientTerm term, int index, NumericVector gradientSum) {
    NumericVector previous = microBatchGradients.computeIfAbsent(term, t -> new TreeMap<>())
        .putIfAbsent(index, gradientSum);
    if (previous != null) {
      throw new IllegalStateException("micro-batch " + index + " of " + term + " was computed twice");
    }
  }

  /** Samples per micro-batch (each micro-batch's sums average over these). */
  public void setMicroBatchSize(int samples) {
    microBatchSize = samples;
  }

  public int microBatchSize() {
    return microBatchSize;
  }

  /** Each micro-batch's own sum of {@code term}, in global micro-batch order. */
  public List<NumericVector> microBatchGradients(GradientTerm term) {
    TreeMap<Integer, NumericVector> byIndex = microBatchGradients.get(term);
    if (byIndex == null) {
      throw new IllegalStateException("no per-micro-batch gradients of " + term + " in this result");
    }
    return List.copyOf(byIndex.values());
  }

  public void addLoss(Player player, double lossSum) {
    lossSums.merge(player, lossSum, Double::sum);
  }

  /** Adds a diagnostic's sum over {@code count} samples (for example "d_real", the sum of D(x)). */
  public void addDiagnostic(String name, double sum, long count) {
    diagnostics.merge(name, new DiagnosticSum(sum, count), DiagnosticSum::plus);
  }

  public void addSamples(long count) {
    samples += count;
  }

  /** Sums another shard into this one; both must come from the same request. */
  public ShardResult merge(ShardResult other) {
    for (Map.Entry<GradientTerm, NumericVector> e : other.gradientSums.entrySet()) {
      NumericVector mine = gradientSums.get(e.getKey());
      gradientSums.put(e.getKey(), mine == null ? e.getValue() : mine.addInPlace(e.getValue()));
    }
    other.microBatchGradients.forEach((term, byIndex) -> byIndex.forEach((index, values) ->
        addMicroBatchGradient(term, index, values)));
    microBatchSize = Math.max(microBatchSize, other.microBatchSize);
    other.passes.forEach((p, n) -> passes.merge(p, n, Integer::sum));
    other.lossSums.forEach((p, l) -> lossSums.merge(p, l, Double::sum));
    other.diagnostics.forEach((name, sum) -> diagnostics.merge(name, sum, DiagnosticSum::plus));
    samples += other.samples;
    return this;
  }

  /**
   * A copy of everything but the gradient sums (the passes behind them stay): the few numbers a coordinator
   * merges while the gradients reduce elsewhere.
   */
  public ShardResult withoutGradients() {
    ShardResult scalars = new ShardResult();
    scalars.passes.putAll(passes);
    scalars.lossSums.putAll(lossSums);
    scalars.diagnostics.putAll(diagnostics);
    scalars.samples = samples;
    return scalars;
  }

  /** Puts a gradient sum reduced elsewhere into a result of {@link #withoutGradients()}, its passes already counted. */
  public void putReducedGradient(GradientTerm term, NumericVector gradientSum) {
    if (gradientSums.containsKey(term)) {
      throw new IllegalStateException("this result already holds " + term);
    }
    gradientSums.put(term, gradientSum);
  }

  /** The gradient terms this result holds, in the enum's order. */
  public java.util.Set<GradientTerm> gradientTerms() {
    return Collections.unmodifiableSet(gradientSums.keySet());
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

  /** Every reported diagnostic averaged over the samples it was reported for, in the order first reported. */
  public Map<String, Double> diagnosticMeans() {
    Map<String, Double> means = new LinkedHashMap<>();
    diagnostics.forEach((name, d) -> means.put(name, d.sum() / d.count()));
    return Collections.unmodifiableMap(means);
  }

  @Override
  public String toString() {
    return "ShardResult{players=" + gradientSums.keySet() + ", passes=" + passes + ", losses=" + lossSums
        + ", diagnostics=" + diagnostics.keySet() + ", samples=" + samples + "}";
  }
}
