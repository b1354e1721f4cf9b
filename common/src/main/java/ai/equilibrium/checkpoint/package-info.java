/**
 * Whole-state checkpoints of a run: written atomically and committed by a marker, read back for resume,
 * rollback and evaluation.
 */
package ai.equilibrium.checkpoint;
