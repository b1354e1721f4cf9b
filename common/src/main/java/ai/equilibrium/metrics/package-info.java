/** Evaluation metrics. */
package ai.equilibrium.metrics;
