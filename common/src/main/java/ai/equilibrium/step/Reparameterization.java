package ai.equilibrium.step;

import ai.equilibrium.tensor.ParameterSet;

/**
 * The map from the parameters an optimizer updates to the parameters the networks compute with, kept on the
 * driver so that executors need not know about it. After every update the driver refreshes the network
 * parameters; gradients computed with respect to them are pulled back to the optimizer's parameters.
 */
public interface Reparameterization {

  /** The identity: networks compute with the optimizer's parameters themselves. */
  Reparameterization IDENTITY = new Reparameterization() {
    @Override
    public ParameterSet networkParameters(ParameterSet raw) {
      return raw;
    }

    @Override
    public void refresh(ParameterSet raw) {}

    @Override
    public void pullBack(double[] gradient) {}

    @Override
    public double[] state() {
      return new double[0];
    }

    @Override
    public void restore(double[] state, ParameterSet raw) {
      if (state.length != 0) {
        throw new IllegalArgumentException("the identity has no state, got " + state.length + " values");
      }
    }
  };

  /** The parameters the networks compute with (the same object across refreshes). */
  ParameterSet networkParameters(ParameterSet raw);

  /** Recomputes the network parameters from {@code raw}; called after every update of {@code raw}. */
  void refresh(ParameterSet raw);

  /**
   * Turns d(loss)/d(network parameters), at the last refresh, into d(loss)/d(raw parameters), in place.
   */
  void pullBack(double[] gradient);

  /** The state a checkpoint must hold (for example power-iteration vectors), flat. */
  double[] state();

  /** Restores a state from {@link #state()} and recomputes the network parameters from {@code raw}. */
  void restore(double[] state, ParameterSet raw);
}
