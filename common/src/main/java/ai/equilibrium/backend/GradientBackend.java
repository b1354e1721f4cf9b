package ai.equilibrium.backend;

import ai.equilibrium.step.Player;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.step.StepRequest;
import ai.equilibrium.tensor.ParameterSet;
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

  /** Releases cached data and broadcasts. */
  @Override
  void close();
}
