package ai.equilibrium.data;

/**
 * Seeds for independent random streams derived from a run seed and coordinates (step, micro-batch, ...),
 * so every draw is a function of where it happens, not of which thread or executor makes it.
 */
public final class DeterministicSeeds {
  private DeterministicSeeds() {}

  /** Mixes the coordinates into one well-spread seed (SplitMix64 finaliser applied per coordinate). */
  public static long mix(long seed, long... coordinates) {
    long h = finalise(seed ^ 0x9E3779B97F4A7C15L);
    for (long c : coordinates) {
      h = finalise(h + 0x9E3779B97F4A7C15L * (c + 1));
    }
    return h;
  }

  private static long finalise(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
