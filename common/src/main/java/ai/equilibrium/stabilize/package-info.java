/** Stabilizers of adversarial training: gradient penalties, spectral normalization, the best-response correction. */
package ai.equilibrium.stabilize;
