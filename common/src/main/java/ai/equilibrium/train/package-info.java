/** The training loop, the gradient-backend contract and its in-process implementation. */
package ai.equilibrium.train;
