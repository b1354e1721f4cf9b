package ai.equilibrium.spark.block;

import ai.equilibrium.step.Player;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.step.StepRequest;
import java.io.Serializable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.util.RpcUtils;
import scala.concurrent.Await;
import scala.concurrent.Future;
import scala.concurrent.duration.Duration;
import scala.reflect.ClassTag$;

/**
 * A replica's line to the driver's {@link BlockCoordinator}: one ask per phase, answered once every replica has
 * reported. While it waits it checks whether Spark killed the task (a failed barrier stage kills its other tasks
 * without interrupting them), so a failed block never leaves a replica waiting.
 */
final class CoordinatorLink {
  private final RpcEndpointRef driver;
  private final long block;
  private final int attempt;
  private final BarrierTaskContext context;
  private long bytesSent;

  CoordinatorLink(String endpoint, long block, int attempt, BarrierTaskContext context) {
    SparkEnv env = SparkEnv.get();
    this.driver = RpcUtils.makeDriverRef(endpoint, env.conf(), env.rpcEnv());
    this.block = block;
    this.attempt = attempt;
    this.context = context;
  }

  /** Reports a phase's scalars and waits for the coordinator's decision, which comes once every replica reported. */
  PhaseDecision report(StepRequest request, int phase, int partition, int partitions, ShardResult scalars) {
    return Wire.value(ask(new PhaseReport(block, attempt, phase, request.step(), request.iteration(), partition,
        partitions, request.updates(Player.ADVERSARY), Wire.bytes(scalars)), "step " + request.step() + " phase "
        + request.iteration()), PhaseDecision.class);
  }

  /** Every replica's payload for {@code key}, by partition, once all have sent theirs: also a barrier. */
  byte[][] gather(String key, byte[] payload) {
    return Wire.value(ask(new Gather(block, attempt, key, context.partitionId(), context.numPartitions(), payload),
        key), byte[][].class);
  }

  private byte[] ask(Serializable message, String what) {
    byte[] bytes = Wire.bytes(message);
    bytesSent += bytes.length;
    Future<byte[]> answer = driver.ask(bytes, RpcUtils.INFINITE_TIMEOUT(), ClassTag$.MODULE$.apply(byte[].class));
    Duration poll = Duration.create(100, TimeUnit.MILLISECONDS);
    while (true) {
      try {
        return Await.result(answer, poll);
      } catch (TimeoutException e) {
        context.killTaskIfInterrupted();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("the driver's block coordinator failed " + what, e);
      }
    }
  }

  long bytesSent() {
    return bytesSent;
  }
}
