package ai.equilibrium.nightly;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Each night's fresh seeds of an entry: drawn from the suite, the entry and the night, so that quiet nights add
 * independent samples of the score's distribution (training is deterministic: the same seed every night would
 * repeat the same score and count it again), while a night run again draws the same seeds and resumes its runs.
 * Fresh seeds lie in [1,000,000, 2^31), above any canary seed a suite file names.
 */
public final class NightlySeeds {
  /** Fresh seeds start here; a canary seed is below. */
  public static final long FIRST_FRESH = 1_000_000L;
  private static final long SPAN = (1L << 31) - FIRST_FRESH;

  private NightlySeeds() {}

  /** The first {@code count} fresh seeds of {@code entry} on {@code night}, distinct, in draw order. */
  public static List<Long> fresh(String suite, String entry, String night, int count) {
    List<Long> seeds = new ArrayList<>(count);
    for (int i = 0; seeds.size() < count; i++) {
      long seed = FIRST_FRESH + Math.floorMod(hash(suite + "\n" + entry + "\n" + night + "\n" + i), SPAN);
      if (!seeds.contains(seed)) {
        seeds.add(seed);
      }
    }
    return seeds;
  }

  /** The permutation test's seed of an entry's look on a night, so that a night's verdict reproduces. */
  public static long relabelSeed(String suite, String entry, String night, int look) {
    return hash("relabel\n" + suite + "\n" + entry + "\n" + night + "\n" + look);
  }

  private static long hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      long h = 0;
      for (int i = 0; i < 8; i++) {
        h = (h << 8) | (d[i] & 0xff);
      }
      return h;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
