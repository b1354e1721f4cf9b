package ai.equilibrium.backend;

import ai.equilibrium.step.Player;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.step.StepRequest;
import ai.equilibrium.tensor.ParameterSet;
import java.util.List;
import java.util.Map;

/**
 * Computes a step's requested gradients over every data partition and sums the shard results. Backends
 * re-send a player's parameters only when its {@link ParameterSet#version()} changed since the last call.
 */
public interface GradientBackend extends AutoCloseable {

  /**
   * @param request    which gradients, at which step and iteration
   * @param parameters the current parameters of both players (driver-side, not modified)
   * @return the sum of all partitions' shard results
   */
  ShardResult compute(StepRequest request, Map<Player, ParameterSet> parameters);

  /**
   * The processor kinds that compute the gradients and evaluations (sorted, distinct): this JVM's in process,
   * the executors' on a cluster. Results are bitwise repeatable only on the same kinds.
   */
  default List<String> processors() {
    return List.of(ProcessorKind.current().toString());
  }

  /** Releases cached data and broadcasts. */
  @Override
  void close();
}
