package ai.equilibrium.schedule;

/**
 * The gap-aware adversary learning-rate scheduler of Hazimeh and Ponomareva, "Mind the (optimality) Gap"
 * (AISTATS 2023, arXiv 2302.00089). It keeps an exponential moving average of the adversary loss and
 * scales the adversary's rate by how far that average is from V*, the loss of an ideal adversary:
 *
 * <pre>
 *   ema_0 = V*,  ema_t = d ema_{t-1} + (1 - d) L_D(t),  x = |ema_t - V*|
 *   ema_t &gt; V*:  s = min(f_max^(x / x_max), f_max)     (adversary too weak: speed it up)
 *   otherwise:   s = max(h_min^(x / x_min), h_min)     (adversary too strong: slow it down)
 * </pre>
 *
 * The multiplier applies to the base rate each step; it is never compounded.
 */
public final class GapAwareSchedule implements AdversaryLrSchedule {
  private final double idealLoss;
  private final double decay;
  private final double hMin;
  private final double fMax;
  private final double xMin;
  private final double xMax;
  private double ema;

  /**
   * @param idealLoss V* of the configured loss, exactly as the loss reduces its batch
   * @param decay     d, the EMA's decay in [0, 1)
   * @param hMin      the smallest multiplier, in (0, 1]
   * @param fMax      the largest multiplier, at least 1
   * @param xMin      the gap below V* at which the multiplier reaches h_min (&gt; 0)
   * @param xMax      the gap above V* at which the multiplier reaches f_max (&gt; 0)
   */
  public GapAwareSchedule(double idealLoss, double decay, double hMin, double fMax, double xMin, double xMax) {
    require(decay >= 0 && decay < 1, "decay must lie in [0, 1), got " + decay);
    require(hMin > 0 && hMin <= 1, "h-min must lie in (0, 1], got " + hMin);
    require(fMax >= 1, "f-max must be at least 1, got " + fMax);
    require(xMin > 0 && xMax > 0, "x-min and x-max must be positive, got " + xMin + " and " + xMax);
    this.idealLoss = idealLoss;
    this.decay = decay;
    this.hMin = hMin;
    this.fMax = fMax;
    this.xMin = xMin;
    this.xMax = xMax;
    this.ema = idealLoss;
  }

  /** The paper's defaults: d = 0.95, h_min = 0.1, f_max = 2, x_min = x_max = 0.1 V*. */
  public static GapAwareSchedule withPaperDefaults(double idealLoss) {
    return new GapAwareSchedule(idealLoss, 0.95, 0.1, 2.0, 0.1 * idealLoss, 0.1 * idealLoss);
  }

  @Override
  public double observe(double adversaryLoss) {
    ema = decay * ema + (1 - decay) * adversaryLoss;
    return multiplierAt(ema);
  }

  /** The multiplier for a given smoothed loss; pure. */
  public double multiplierAt(double smoothedLoss) {
    double gap = Math.abs(smoothedLoss - idealLoss);
    return smoothedLoss > idealLoss
        ? Math.min(StrictMath.pow(fMax, gap / xMax), fMax)
        : Math.max(StrictMath.pow(hMin, gap / xMin), hMin);
  }

  @Override
  public double smoothedLoss() {
    return ema;
  }

  @Override
  public double[] state() {
    return new double[] {ema};
  }

  @Override
  public void restore(double[] state) {
    if (state.length != 1) {
      throw new IllegalArgumentException("a gap-aware schedule's state is its EMA, got " + state.length + " values");
    }
    ema = state[0];
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
