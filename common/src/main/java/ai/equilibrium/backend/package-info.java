/**
 * Gradient backends: the contract the training loop computes a step through, shard computations over the data
 * partitions, the in-process reference backend, and the fixed partition order every backend merges in (the
 * Spark backend is in the jobs module).
 */
package ai.equilibrium.backend;
