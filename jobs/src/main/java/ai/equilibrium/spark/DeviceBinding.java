package ai.equilibrium.spark;

import java.io.Serializable;
import java.util.OptionalInt;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Binds a task's thread to the GPU that Spark's resource scheduling assigned to the task, before the task runs
 * any ND4J operation. An interface so that a test can see what the executor was asked to bind; {@link #ND4J}
 * is the real one.
 */
@FunctionalInterface
public interface DeviceBinding extends Serializable {

  /** ND4J's affinity manager: later operations of this thread run on {@code device}; no-op on CPU backends. */
  DeviceBinding ND4J = device -> Nd4j.getAffinityManager().unsafeSetDevice(device);

  /** Makes this thread's ND4J operations run on {@code device} (a CUDA ordinal). */
  void bind(int device);

  /**
   * Binds the current task to its first assigned "gpu" address, if it has one (tasks of executors without GPU
   * resources have none, and nothing is bound).
   *
   * @return the device bound
   */
  public static OptionalInt bindTask(TaskContext context, DeviceBinding binding) {
    ResourceInformation gpu = context.resources().get("gpu").getOrElse(() -> null);
    if (gpu == null || gpu.addresses().length == 0) {
      return OptionalInt.empty();
    }
    String address = gpu.addresses()[0];
    int device;
    try {
      device = Integer.parseInt(address.trim());
    } catch (NumberFormatException e) {
      throw new IllegalStateException("Spark assigned this task the GPU address '" + address + "', which is not a "
          + "CUDA device ordinal: the GPU discovery script must print ordinals such as \"0\"", e);
    }
    binding.bind(device);
    return OptionalInt.of(device);
  }
}
