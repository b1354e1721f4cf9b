package ai.equilibrium.prepare;

import ai.equilibrium.data.ImageShardManifest;
import java.io.Serializable;
import java.util.List;

/**
 * A shard as written (or found complete from an earlier run): its manifest entry, the files it skipped, and
 * the seconds it took ({@code reused} when an earlier run wrote it).
 *
 * @param planDigest {@link ShardPlan#digest()} of the plan it was written for
 */
public record PreparedShard(int index, String planDigest, ImageShardManifest.Shard entry, List<BadFile> badFiles,
    int inputs, double seconds, boolean reused) implements Serializable {
  private static final long serialVersionUID = 1L;

  public PreparedShard {
    badFiles = List.copyOf(badFiles);
  }

  public PreparedShard asReused() {
    return new PreparedShard(index, planDigest, entry, badFiles, inputs, seconds, true);
  }
}
