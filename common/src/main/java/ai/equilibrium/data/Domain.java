package ai.equilibrium.data;

/** The two domains of domain adaptation: labelled SOURCE samples to learn from, TARGET samples to adapt to. */
public enum Domain {
  SOURCE,
  TARGET
}
