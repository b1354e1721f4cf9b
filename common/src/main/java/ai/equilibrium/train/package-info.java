/** The one training loop of every game: players, optimizer steps, the divergence guard, listeners and checkpoints as values. */
package ai.equilibrium.train;
