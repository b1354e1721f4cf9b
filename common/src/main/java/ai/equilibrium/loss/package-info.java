/** Adversarial losses, each knowing the loss V* of an ideal adversary, as the gap-aware scheduler needs it. */
package ai.equilibrium.loss;
