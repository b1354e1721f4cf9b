/**
 * {@code game.type = bilinear}: the bilinear game min_x max_y x^T A y + b^T x + c^T y, whose equilibrium is known,
 * scored by the distance to it; where simultaneous gradient descent-ascent spirals out and optimism converges.
 */
package ai.equilibrium.bilinear;
