/**
 * {@code game.type = domain-adaptation}: DANN's game and networks, its pairs of domains, its assembly and its
 * evaluation on held-out splits of both domains.
 */
package ai.equilibrium.adaptation;
