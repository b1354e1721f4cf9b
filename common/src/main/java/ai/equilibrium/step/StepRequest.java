package ai.equilibrium.step;

import java.io.Serializable;
import java.util.EnumSet;
import java.util.Set;

/**
 * What one backend call computes: gradient terms at the current parameters. The players the call updates
 * always get their own gradient; corrections may ask for more terms.
 *
 * @param step      the training step (0-based)
 * @param iteration the adversary iteration within the step (0..n-1), for independent draws per iteration
 * @param updates   the players whose parameters the loop updates from this call
 * @param terms     every gradient term to compute, a superset of the updated players' own gradients
 * @param perMicroBatch the terms also returned for each micro-batch on its own (the empirical Fisher's), a
 *                  subset of {@code terms}
 */
public record StepRequest(long step, int iteration, Set<Player> updates, Set<GradientTerm> terms,
    Set<GradientTerm> perMicroBatch) implements Serializable {

  public StepRequest {
    if (updates.isEmpty()) {
      throw new IllegalArgumentException("a step request updates at least one player");
    }
    updates = EnumSet.copyOf(updates);
    EnumSet<GradientTerm> all = EnumSet.noneOf(GradientTerm.class);
    all.addAll(terms);
    all.addAll(perMicroBatch);
    updates.forEach(p -> all.add(GradientTerm.own(p)));
    terms = all;
    EnumSet<GradientTerm> each = EnumSet.noneOf(GradientTerm.class);
    each.addAll(perMicroBatch);
    perMicroBatch = each;
  }

  /** A request for the summed terms only. */
  public StepRequest(long step, int iteration, Set<Player> updates, Set<GradientTerm> terms) {
    this(step, iteration, updates, terms, Set.of());
  }

  /** A request for the own gradients of {@code updates} only. */
  public StepRequest(long step, int iteration, Set<Player> updates) {
    this(step, iteration, updates, Set.of());
  }

  public boolean wants(GradientTerm term) {
    return terms.contains(term);
  }

  /** Whether any requested term differentiates {@code player}'s loss. */
  public boolean needsLossOf(Player player) {
    return terms.stream().anyMatch(t -> t.loss() == player);
  }

  public boolean updates(Player player) {
    return updates.contains(player);
  }
}
