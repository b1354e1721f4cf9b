package ai.equilibrium.gan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a generation writes: samples 0 to count - 1 of a seed, cut into shards of {@code shardSize} consecutive
 * samples, each shard written by one task: a PNG file per sample ({@code sample-000042.png}) or one .npz archive
 * per shard ({@code samples-00003.npz}).
 *
 * <p>The generator computes samples in batches of {@link #BATCH} aligned to multiples of it (a row's floats depend
 * on the other rows of its matrix products), so sample g is the same bytes whatever the count and the shard size.
 */
public record GenerationPlan(long count, int shardSize, long seed, SampleFormat format) implements Serializable {
  /** Samples the generator computes at once: {@code [b * BATCH, (b + 1) * BATCH)}. */
  public static final int BATCH = 100;

  public GenerationPlan {
    if (count < 1) {
      throw new IllegalArgumentException("--count must be at least 1, got " + count);
    }
    if (shardSize < 1) {
      throw new IllegalArgumentException("--shard-size must be at least 1, got " + shardSize);
    }
    if ((count + shardSize - 1) / shardSize > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--count " + count + " in shards of " + shardSize + " is too many shards");
    }
  }

  public int shards() {
    return (int) ((count + shardSize - 1) / shardSize);
  }

  /** The first sample of a shard. */
  public long first(int shard) {
    return (long) shard * shardSize;
  }

  /** The number of samples in a shard (the last may hold fewer). */
  public int size(int shard) {
    return (int) Math.min(shardSize, count - first(shard));
  }

  /** A sample's PNG file: its index, zero-padded to six digits or as many as the largest index has. */
  public String pngName(long sample) {
    return String.format(Locale.ROOT, "sample-%0" + digits(count - 1, 6) + "d.png", sample);
  }

  /** A shard's .npz archive. */
  public String shardName(int shard) {
    return String.format(Locale.ROOT, "samples-%0" + digits(shards() - 1, 5) + "d.npz", shard);
  }

  /** The files a shard writes, in order. */
  public List<String> files(int shard) {
    if (format == SampleFormat.NPZ) {
      return List.of(shardName(shard));
    }
    List<String> names = new ArrayList<>(size(shard));
    for (long g = first(shard); g < first(shard) + size(shard); g++) {
      names.add(pngName(g));
    }
    return names;
  }

  /** How many files the generation writes. */
  public long fileCount() {
    return format == SampleFormat.NPZ ? shards() : count;
  }

  /** The first and the last file the generation writes, for the manifest. */
  public List<String> fileRange() {
    return format == SampleFormat.NPZ ? List.of(shardName(0), shardName(shards() - 1))
        : List.of(pngName(0), pngName(count - 1));
  }

  private static int digits(long largest, int atLeast) {
    return Math.max(atLeast, Long.toString(largest).length());
  }
}
