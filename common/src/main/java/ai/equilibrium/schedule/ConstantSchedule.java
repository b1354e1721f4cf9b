package ai.equilibrium.schedule;

/** The adversary keeps its base learning rate: a multiplier of 1 every step. */
public final class ConstantSchedule implements AdversaryLrSchedule {

  @Override
  public double observe(double adversaryLoss) {
    return 1.0;
  }

  @Override
  public double smoothedLoss() {
    return Double.NaN;
  }

  @Override
  public double[] state() {
    return new double[0];
  }

  @Override
  public void restore(double[] state) {
    if (state.length != 0) {
      throw new IllegalArgumentException("a constant schedule has no state, got " + state.length + " values");
    }
  }
}
