package ai.equilibrium.step;

import ai.equilibrium.tensor.NumericVector;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The requested gradient terms' sums over the backward passes of one shard, accumulated on the JVM's heap from
 * the networks' native gradients. Networks reuse one flattened gradient buffer for every pass, so each pass is
 * added before the next one overwrites it. Passes are counted because running statistics (BatchNorm) are
 * averaged over them, not over samples.
 */
public final class GradientSums {
  private final Map<GradientTerm, Sum> sums = new EnumMap<>(GradientTerm.class);
  /** The current micro-batch's own sums of the terms requested per micro-batch. */
  private final Map<GradientTerm, Sum> microBatchSums = new EnumMap<>(GradientTerm.class);
  /** Finished micro-batches' sums per term, by global micro-batch index. */
  private final Map<GradientTerm, TreeMap<Integer, NumericVector>> finished = new EnumMap<>(GradientTerm.class);
  private int microBatch = -1;

  /** Sums for exactly the terms {@code request} asks for. */
  public GradientSums(StepRequest request) {
    request.terms().forEach(t -> sums.put(t, new Sum()));
    request.perMicroBatch().forEach(t -> finished.put(t, new TreeMap<>()));
  }

  /** Starts the passes of micro-batch {@code index} (its global index), for the terms requested per micro-batch. */
  public void beginMicroBatch(int index) {
    microBatch = index;
    microBatchSums.clear();
    finished.keySet().forEach(t -> microBatchSums.put(t, new Sum()));
  }

  /** Ends the current micro-batch: its own sums are kept apart from the others'. */
  public void endMicroBatch() {
    microBatchSums.forEach((term, sum) -> {
      if (sum.values != null) {
        finished.get(term).put(microBatch, sum.values);
      }
    });
    microBatchSums.clear();
    microBatch = -1;
  }

  /** Whether the request asked for {@code term}: games skip passes nobody asked for. */
  public boolean wants(GradientTerm term) {
    return sums.containsKey(term);
  }

  /** Adds one backward pass' gradient of {@code term}. */
  public void addPass(GradientTerm term, INDArray gradient) {
    addPass(term, gradient, 1);
  }

  /**
   * Adds {@code scale} times one backward pass' gradient (a zero-sum game's main term is the adversary's
   * gradient times -λ).
   */
  public void addPass(GradientTerm term, INDArray gradient, double scale) {
    Sum sum = requested(term);
    sum.add(gradient, scale);
    sum.passes++;
    Sum own = microBatchSums.get(term);
    if (own != null) {
      own.add(gradient, scale);
      own.passes++;
    }
  }

  /** Adds a penalty's gradient: no backward pass of the loss, so no running statistics to average. */
  public void addPenalty(GradientTerm term, INDArray gradient) {
    requested(term).add(gradient, 1);
    Sum own = microBatchSums.get(term);
    if (own != null) {
      own.add(gradient, 1);
    }
  }

  /** Hands every non-empty sum to {@code result}, in term order. */
  public void addTo(ShardResult result) {
    sums.forEach((term, sum) -> {
      if (sum.values != null) {
        result.addGradient(term, sum.values, sum.passes);
      }
    });
    finished.forEach((term, byIndex) -> byIndex.forEach((index, values) -> result.addMicroBatchGradient(term, index,
        values)));
  }

  private Sum requested(GradientTerm term) {
    Sum sum = sums.get(term);
    if (sum == null) {
      throw new IllegalStateException(term + " was not requested");
    }
    return sum;
  }

  private static final class Sum {
    private NumericVector values;
    private int passes;

    /**
     * Exact for scale 1 and -1 (no multiplication), so unweighted sums round as plain sums do. The sum lives on the
     * heap, where the shard's result needs it, and each pass is added from the network's gradient buffer in place:
     * a native copy per term and step was garbage that only a collection of its Java wrapper returned.
     */
    void add(INDArray gradient, double scale) {
      INDArray term = scale == 1 || scale == -1 ? gradient : gradient.mul(scale);
      if (values == null) {
        values = scale == -1 ? NumericVector.copyOf(term).negated() : NumericVector.copyOf(term);
      } else {
        values.addInPlace(term, scale == -1);
      }
    }
  }
}
