/**
 * Experiments assembled from configuration, independent of the backend that runs them: the game types (found
 * through their registrations), what an assembled game offers the jobs, and one run of an experiment in its run
 * directory.
 */
package ai.equilibrium.experiment;
