/** Evaluation of generators during and after training: features computed on the data partitions, scores, best checkpoint. */
package ai.equilibrium.evaluation;
