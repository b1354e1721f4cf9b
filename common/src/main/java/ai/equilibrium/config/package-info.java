/** Experiment configuration: HOCON parsed once into validated, typed records. */
package ai.equilibrium.config;
