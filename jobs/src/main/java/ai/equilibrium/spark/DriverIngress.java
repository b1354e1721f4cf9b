package ai.equilibrium.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * What tasks send to the driver: the serialized size of every finished task's result (Spark's own
 * {@code resultSize} metric), in all and by executor, and the jobs that ran. A study of a backend reads it after
 * the context has stopped, when the listener bus has delivered every event.
 */
public final class DriverIngress extends SparkListener {
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();
  private final Map<String, AtomicLong> byExecutor = new ConcurrentHashMap<>();

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (end.taskMetrics() == null) {
      return;
    }
    long size = end.taskMetrics().resultSize();
    bytes.addAndGet(size);
    tasks.incrementAndGet();
    byExecutor.computeIfAbsent(end.taskInfo().executorId(), id -> new AtomicLong()).addAndGet(size);
  }

  public long bytes() {
    return bytes.get();
  }

  public long tasks() {
    return tasks.get();
  }

  /** The most any one executor sent. */
  public long maxPerExecutor() {
    return byExecutor.values().stream().mapToLong(AtomicLong::get).max().orElse(0);
  }

  public int executors() {
    return byExecutor.size();
  }
}
