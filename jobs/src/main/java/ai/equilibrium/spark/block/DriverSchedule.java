package ai.equilibrium.spark.block;

import ai.equilibrium.schedule.AdversaryLrSchedule;
import java.util.function.Supplier;

/**
 * The driver's schedule as a replica's loop sees it: the multiplier and the smoothed loss are the ones the
 * coordinator sent with the phase's merged result. Its state is the driver's to keep.
 */
final class DriverSchedule implements AdversaryLrSchedule {
  private final Supplier<PhaseDecision> decision;

  DriverSchedule(Supplier<PhaseDecision> decision) {
    this.decision = decision;
  }

  @Override
  public double observe(double adversaryLoss) {
    double multiplier = decision.get().multiplier();
    if (Double.isNaN(multiplier)) {
      throw new IllegalStateException("the coordinator sent no multiplier for a phase that updates the adversary");
    }
    return multiplier;
  }

  @Override
  public double smoothedLoss() {
    PhaseDecision last = decision.get();
    return last == null ? Double.NaN : last.smoothedLoss();
  }

  @Override
  public double[] state() {
    return new double[0];
  }

  @Override
  public void restore(double[] state) {
    // the driver's schedule restores itself
  }
}
