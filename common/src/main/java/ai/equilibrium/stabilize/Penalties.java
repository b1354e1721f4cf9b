package ai.equilibrium.stabilize;

import java.io.Serializable;
import java.util.List;

/**
 * The gradient penalties added to an adversary's loss, and the relative finite-difference step that
 * differentiates them ({@link PenaltyGradient}).
 */
public record Penalties(List<GradientPenalty> list, double relativeStep) implements Serializable {

  public Penalties {
    list = List.copyOf(list);
    if (!list.isEmpty() && !(relativeStep > 0)) {
      throw new IllegalArgumentException("the finite-difference step of a gradient penalty must be positive, got " + relativeStep);
    }
  }

  public static Penalties none() {
    return new Penalties(List.of(), 1e-3);
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }
}
