/**
 * The step contract that every game, stabilizer and backend shares: the players, the gradient terms a step
 * requests, the shard result that partitions return and the driver sums, the micro-batch plan, and the
 * driver-side corrections and reparameterizations of a player's gradient. It sits below the games, the
 * stabilizers and the training loop, and imports none of them.
 */
package ai.equilibrium.step;
