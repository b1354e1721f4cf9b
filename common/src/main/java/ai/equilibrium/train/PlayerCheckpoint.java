package ai.equilibrium.train;

/**
 * A player's whole driver-side state, as a checkpoint holds it: the parameters its optimizer updates (the
 * double master copy, not the networks' rounded or normalized ones), the optimizer's state and the
 * reparameterization's state (for example spectral normalization's power-iteration vectors). Its bytes are
 * {@code checkpoint.CheckpointFormat}'s.
 */
public record PlayerCheckpoint(double[] parameters, double[] optimizerState, double[] reparameterizationState)
    implements java.io.Serializable {}
