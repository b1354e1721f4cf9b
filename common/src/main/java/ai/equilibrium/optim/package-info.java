/** Driver-side optimizers on flat parameter vectors, aware of per-layer segments. */
package ai.equilibrium.optim;
