/**
 * {@code game.type = timed}: a game whose gradient computation sleeps for a stated time and returns gradients of a
 * stated size, so that a study times what a backend adds to a step (job latency, broadcasts, result transfer,
 * merges, the driver's update) without the computation's use of the processors hiding it.
 */
package ai.equilibrium.timed;
