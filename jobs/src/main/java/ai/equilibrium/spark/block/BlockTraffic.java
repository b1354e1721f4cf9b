package ai.equilibrium.spark.block;

import java.util.List;

/**
 * What the blocks moved, summed over the run: gradient bytes between replicas and report bytes to the driver,
 * and the steps they served. Mutable; read on the driver.
 */
public final class BlockTraffic {
  /** The parts of a replica's phase, timed in order; the rest of a step is the loop's own (updates, checks). */
  public static final List<String> PARTS = List.of("compute+put", "driver round trip", "fetch contributions",
      "reduce+put", "wait for reduced slices", "fetch reduced slices");
  private final long[] partNanos = new long[PARTS.size() + 1];
  private long blocks;
  private long steps;
  private long replicaBytesIn;
  private long busiestReplicaBytesIn;
  private long reportBytes;
  private long startsRead;

  synchronized void add(List<ReplicaOutcome> outcomes, long blockSteps) {
    steps += blockSteps;
    long busiest = 0;
    for (ReplicaOutcome outcome : outcomes) {
      replicaBytesIn += outcome.bytesIn();
      reportBytes += outcome.bytesToDriver();
      busiest = Math.max(busiest, outcome.bytesIn());
      startsRead += outcome.readStart() ? 1 : 0;
    }
    busiestReplicaBytesIn += busiest;
    blocks++;
    for (ReplicaOutcome outcome : outcomes) {
      for (int i = 0; i < partNanos.length; i++) {
        partNanos[i] += outcome.nanos()[i] / outcomes.size();
      }
    }
  }

  /**
   * Milliseconds per step in each of {@link #PARTS}, averaged over replicas, then in the rest of the replica's
   * step (the loop: updates, checks), then outside the replicas' steps (launching and ending blocks).
   */
  public synchronized java.util.Map<String, Double> millisPerStep(double wallMillisPerStep) {
    java.util.Map<String, Double> parts = new java.util.LinkedHashMap<>();
    double inParts = 0;
    for (int i = 0; i < PARTS.size(); i++) {
      double ms = partNanos[i] / 1e6 / steps;
      parts.put(PARTS.get(i), ms);
      inParts += ms;
    }
    double replicaStep = partNanos[PARTS.size()] / 1e6 / steps;
    parts.put("rest of the step (updates, checks)", replicaStep - inParts);
    parts.put("between steps (block launch and end)", wallMillisPerStep - replicaStep);
    return parts;
  }

  /** Forgets what was counted so far (a benchmark's warm-up). */
  public synchronized void reset() {
    steps = 0;
    replicaBytesIn = 0;
    busiestReplicaBytesIn = 0;
    reportBytes = 0;
    blocks = 0;
    startsRead = 0;
    java.util.Arrays.fill(partNanos, 0);
  }

  public synchronized long steps() {
    return steps;
  }

  public synchronized long blocks() {
    return blocks;
  }

  /**
   * How many times a replica read a block's start state from its broadcast: each replica once at the start, and
   * again only after a rollback, a failed attempt or a lost executor (otherwise it holds the state already).
   */
  public synchronized long startStatesRead() {
    return startsRead;
  }

  /** Report bytes the driver took in per step (the block's end state comes on top, once per block). */
  public synchronized double reportBytesPerStep() {
    return steps == 0 ? 0 : (double) reportBytes / steps;
  }

  /** Gradient bytes the busiest replica of each block fetched, per step. */
  public synchronized double busiestReplicaBytesPerStep() {
    return steps == 0 ? 0 : (double) busiestReplicaBytesIn / steps;
  }

  /** Gradient bytes all replicas fetched, per step. */
  public synchronized double replicaBytesPerStep() {
    return steps == 0 ? 0 : (double) replicaBytesIn / steps;
  }
}
