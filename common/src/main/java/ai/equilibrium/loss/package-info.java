/** Adversarial losses, each knowing the loss V* of an ideal adversary (METHODS.md section 1). */
package ai.equilibrium.loss;
