/** spark-submit main classes. */
package ai.equilibrium.jobs;
