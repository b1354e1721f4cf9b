package ai.equilibrium.train;

/**
 * A rollback by the divergence guard.
 *
 * @param step              the step that diverged (1-based, as in metrics.jsonl)
 * @param reason            what diverged, for people
 * @param toStep            the step of the checkpoint training went back to
 * @param learningRateScale what both base learning rates are multiplied by from now on
 * @param rollbacks         rollbacks so far, this one included
 */
public record RollbackEvent(long step, String reason, long toStep, double learningRateScale, int rollbacks) {}
