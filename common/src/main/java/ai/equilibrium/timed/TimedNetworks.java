package ai.equilibrium.timed;

import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.step.Player;
import ai.equilibrium.tensor.HostArrays;
import ai.equilibrium.tensor.NumericVector;
import ai.equilibrium.tensor.ParameterSegment;
import ai.equilibrium.tensor.ParameterSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The timed game's "networks": each player's parameters as one float vector, as a network would hold them. */
public final class TimedNetworks implements GameNetworks {
  private final Map<Player, INDArray> parameters = new EnumMap<>(Player.class);

  TimedNetworks(float[] main, float[] adversary) {
    parameters.put(Player.MAIN, HostArrays.fromFloats(main, 1, main.length));
    parameters.put(Player.ADVERSARY, HostArrays.fromFloats(adversary, 1, adversary.length));
  }

  /** The player's live parameters (the gradient the game returns). */
  INDArray array(Player player) {
    return parameters.get(player);
  }

  @Override
  public void setParameters(Player player, NumericVector values) {
    INDArray target = parameters.get(player);
    if (values.length() != target.length()) {
      throw new IllegalArgumentException(player + " has " + target.length() + " parameters, got " + values.length());
    }
    values.copyInto(target);
  }

  @Override
  public ParameterSet parameters(Player player) {
    double[] values = parameters.get(player).toDoubleVector();
    return new ParameterSet(values, List.of(new ParameterSegment(player.name().toLowerCase(java.util.Locale.ROOT), 0,
        values.length, ParameterSegment.Role.TRAINABLE)), DataType.FLOAT);
  }
}
