package ai.equilibrium.schedule;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.Settings;

/** The adversary learning-rate schedule of {@code schedule.*}. */
public final class Schedules {
  private Schedules() {}

  /** The schedule for a loss whose ideal adversary loss is {@code idealLoss}. */
  public static AdversaryLrSchedule of(Settings.Schedule s, double idealLoss) {
    AdversaryLrSchedule schedule = withoutWarmup(s, idealLoss);
    return s.warmupUpdates() > 0 ? new WarmupSchedule(schedule, s.warmupUpdates()) : schedule;
  }

  private static AdversaryLrSchedule withoutWarmup(Settings.Schedule s, double idealLoss) {
    return switch (s.type()) {
      case CONSTANT -> new ConstantSchedule();
      case GAP_AWARE -> {
        double auto = 0.1 * Math.abs(idealLoss);
        if ((s.xMin().isEmpty() || s.xMax().isEmpty()) && auto == 0) {
          throw new ConfigError(s.xMin().isEmpty() ? "schedule.x-min" : "schedule.x-max",
              "the loss's ideal value V* is 0, so the default 0.1 V* is 0: set schedule.x-min and schedule.x-max explicitly");
        }
        yield new GapAwareSchedule(idealLoss, s.decay(), s.hMin(), s.fMax(), s.xMin().orElse(auto), s.xMax().orElse(auto));
      }
    };
  }
}
