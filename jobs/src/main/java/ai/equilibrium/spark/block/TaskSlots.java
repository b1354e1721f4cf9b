package ai.equilibrium.spark.block;

import ai.equilibrium.config.ConfigError;
import org.apache.spark.SparkContext;

/** A barrier stage runs all its tasks at once: the cluster must offer a task slot per partition. */
public final class TaskSlots {
  private static final long WAIT_MILLIS = 60_000;

  private TaskSlots() {}

  /** Waits up to a minute for executors to register until there are {@code partitions} slots, or fails clearly. */
  static void require(SparkContext sc, int partitions) {
    int slots = await(sc, partitions);
    if (slots < partitions) {
      throw new ConfigError("spark.backend", "block runs one task per data partition at once, but the cluster offers "
          + slots + " task slots (executor cores / spark.task.cpus, after waiting a minute for executors) for "
          + partitions + " partitions: lower data.partitions, add executors or cores, or use spark.backend = per-step");
    }
  }

  /** The task slots the cluster offers once it offers {@code partitions}, or after a minute of waiting for executors. */
  public static int await(SparkContext sc, int partitions) {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    int slots = offered(sc);
    while (slots < partitions && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      slots = offered(sc);
    }
    return slots;
  }

  /** The task slots the cluster offers now. */
  public static int offered(SparkContext sc) {
    return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
  }
}
