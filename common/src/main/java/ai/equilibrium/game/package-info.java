/** What the training loop and the backends know of a game: two players, their losses on a minibatch, V* of the adversary, and the networks a task computes with. */
package ai.equilibrium.game;
