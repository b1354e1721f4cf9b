/** The two-player games: GANs now, adversarial domain adaptation on the same loop. */
package ai.equilibrium.game;
