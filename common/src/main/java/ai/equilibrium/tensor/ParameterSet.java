package ai.equilibrium.tensor;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A player's parameters on the driver: a flat double-precision master copy with per-layer segments and a
 * version that changes with every update (backends re-send parameters only when it changed). Networks run
 * in their own precision; the master copy is rounded to it when it is shipped.
 */
public final class ParameterSet {
  private final double[] values;
  private final List<ParameterSegment> segments;
  private final DataType precision;
  private long version;

  public ParameterSet(double[] values, List<ParameterSegment> segments, DataType precision) {
    int covered = 0;
    for (ParameterSegment s : segments) {
      if (s.offset() != covered) {
        throw new IllegalArgumentException("segment " + s.name() + " starts at " + s.offset() + ", expected " + covered);
      }
      covered = s.end();
    }
    if (covered != values.length) {
      throw new IllegalArgumentException("segments cover " + covered + " of " + values.length + " parameters");
    }
    this.values = values;
    this.segments = List.copyOf(segments);
    this.precision = precision;
  }

  /** The live master values; callers that modify them must call {@link #markUpdated()}. */
  public double[] values() {
    return values;
  }

  public List<ParameterSegment> segments() {
    return segments;
  }

  public DataType precision() {
    return precision;
  }

  public int size() {
    return values.length;
  }

  public long version() {
    return version;
  }

  public void markUpdated() {
    version++;
  }

  /**
   * A copy moved by {@code shift} (trainable segments only) under {@code version}, which must be negative: no
   * real parameter set has such a version, so backends load the copy, and the real set again after it.
   */
  public ParameterSet displacedBy(double[] shift, long version) {
    if (version >= 0 || shift.length != values.length) {
      throw new IllegalArgumentException("a displaced copy needs a negative version and " + values.length
          + " shifts, got " + version + " and " + shift.length);
    }
    double[] moved = values.clone();
    for (ParameterSegment s : segments) {
      if (s.role() == ParameterSegment.Role.TRAINABLE) {
        for (int i = s.offset(); i < s.end(); i++) {
          moved[i] += shift[i];
        }
      }
    }
    ParameterSet copy = new ParameterSet(moved, segments, precision);
    copy.version = version;
    return copy;
  }

  /** Number of values an optimizer trains (running statistics excluded). */
  public int trainableCount() {
    return segments.stream().filter(s -> s.role() == ParameterSegment.Role.TRAINABLE).mapToInt(ParameterSegment::length).sum();
  }

  /** The values rounded to the networks' precision, for shipping. */
  public NumericVector snapshot() {
    return NumericVector.of(values, precision);
  }

  /** The same, written into {@code reuse} when it fits: a backend that loads every step allocates nothing. */
  public NumericVector snapshot(NumericVector reuse) {
    return NumericVector.of(values, precision, reuse);
  }
}
