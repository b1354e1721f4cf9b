/**
 * {@code game.type = gan}: the GAN game and its networks, its data sources, its assembly, its evaluations (mode
 * coverage on mixtures; FID, KID and precision/recall of images from features computed on the data partitions)
 * and its sample and model snapshots.
 */
package ai.equilibrium.gan;
