/** Experiments assembled from configuration, independent of the backend that runs them. */
package ai.equilibrium.experiment;
