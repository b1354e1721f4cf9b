package ai.equilibrium.step;

/** The two players of an adversarial game. */
public enum Player {
  /** The generator; or, in domain adaptation, the feature extractor with the label classifier. */
  MAIN,
  /** The discriminator; or the domain classifier. */
  ADVERSARY
}
