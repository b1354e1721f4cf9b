package ai.equilibrium.train;

/**
 * The divergence guard stopped a run: it could not, or was not allowed to, roll back again.
 *
 * @param step      the step that diverged (1-based, as in metrics.jsonl)
 * @param reason    what diverged, for people
 * @param rollbacks rollbacks before this divergence
 * @param message   the whole account, the last good checkpoint included (the {@link TrainingDiverged} message)
 */
public record DivergenceStop(long step, String reason, int rollbacks, String message) {}
