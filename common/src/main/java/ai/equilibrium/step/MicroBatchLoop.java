package ai.equilibrium.step;

import ai.equilibrium.data.DeterministicSeeds;
import java.util.SplittableRandom;

/**
 * The loop every game runs on a partition: each of the partition's micro-batches with its own random stream,
 * the requested gradient terms summed over them, and the samples counted. A game supplies only what one
 * micro-batch computes.
 */
public final class MicroBatchLoop {
  private MicroBatchLoop() {}

  /** What a game computes on one micro-batch: gradient passes into {@code sums}, losses and diagnostics into {@code result}. */
  @FunctionalInterface
  public interface Work {
    void compute(MicroBatch batch, GradientSums sums, ShardResult result);
  }

  /**
   * Runs {@code work} on every micro-batch of {@code partition} and returns the shard's result.
   *
   * @param seed the run seed
   */
  public static ShardResult run(MicroBatchPlan plan, long seed, StepRequest request, int partition, Work work) {
    ShardResult result = new ShardResult();
    GradientSums sums = new GradientSums(request);
    for (int j = 0; j < plan.microBatchesPerPartition(); j++) {
      int index = plan.microBatchIndex(partition, j);
      SplittableRandom random = new SplittableRandom(DeterministicSeeds.mix(seed, request.step(), request.iteration(),
          index));
      sums.beginMicroBatch(index);
      work.compute(new MicroBatch(index, plan.microBatchSize(), random), sums, result);
      sums.endMicroBatch();
      result.addSamples(plan.microBatchSize());
    }
    sums.addTo(result);
    result.setMicroBatchSize(plan.microBatchSize());
    return result;
  }
}
