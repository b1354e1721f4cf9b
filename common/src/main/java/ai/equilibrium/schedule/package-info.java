/** Adversary learning-rate schedules, kept apart from the optimizers that consume the rate. */
package ai.equilibrium.schedule;
