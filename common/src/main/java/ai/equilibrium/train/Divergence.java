package ai.equilibrium.train;

import java.io.Serializable;

/**
 * Why training diverged, and where.
 *
 * @param step   the step that diverged (1-based, as {@link StepMetrics#step()} counts)
 * @param reason what the guard saw
 */
public record Divergence(long step, String reason) implements Serializable {
  private static final long serialVersionUID = 1L;
}
