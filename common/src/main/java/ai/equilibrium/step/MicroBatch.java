package ai.equilibrium.step;

import java.util.SplittableRandom;

/**
 * One micro-batch of a step: its global index in the {@link MicroBatchPlan}, its size, and its random
 * stream, seeded from (run seed, step, iteration, index) alone so that the draws do not depend on which
 * partition, executor or thread computes it.
 */
public record MicroBatch(int index, int size, SplittableRandom random) {}
