package ai.equilibrium.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a sweep: an arm, a point of the random search, a seed.
 *
 * @param sampled     the search's values at this point, key to HOCON text
 * @param armSettings the arm's keys
 */
public record SweepTrial(String arm, int index, long seed, Map<String, String> sampled, Map<String, String> armSettings)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public SweepTrial {
    sampled = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sampled));
    armSettings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(armSettings));
  }

  /** A name that is unique in the sweep and readable in a listing: arm-t007-s1. */
  public String id() {
    return String.format("%s-t%03d-s%d", arm, index, seed);
  }

  /** The trial's overrides: the sweep's own, the arm's keys, the sampled values (never the same keys), the seed. */
  public List<String> overrides(List<String> sweepOverrides) {
    List<String> all = new ArrayList<>(sweepOverrides);
    armSettings.forEach((k, v) -> all.add(k + "=" + v));
    sampled.forEach((k, v) -> all.add(k + "=" + v));
    all.add("run.seed=" + seed);
    return all;
  }
}
