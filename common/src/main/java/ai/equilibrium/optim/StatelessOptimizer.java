package ai.equilibrium.optim;

/** An optimizer whose step depends on the gradient alone: nothing to checkpoint. */
abstract class StatelessOptimizer implements Optimizer {

  @Override
  public final double[] state() {
    return new double[0];
  }

  @Override
  public final void restore(double[] state) {
    if (state.length != 0) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " has no state, got " + state.length + " values");
    }
  }
}
