/**
 * The block backend: a barrier stage runs a block of steps on replicas of both players, one per data
 * partition; the replicas reduce each phase's gradients among themselves through Spark's block manager, in the
 * fixed partition order, and the driver's coordinator answers each phase with the adversary's multiplier.
 */
package ai.equilibrium.spark.block;
