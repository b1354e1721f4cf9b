package ai.equilibrium.bilinear;

import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.step.Player;
import ai.equilibrium.tensor.NumericVector;
import ai.equilibrium.tensor.ParameterSegment;
import ai.equilibrium.tensor.ParameterSet;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/** The bilinear game's "networks": the main player's x and the adversary's y, plain vectors. */
public final class BilinearNetworks implements GameNetworks {
  private final double[] x;
  private final double[] y;

  BilinearNetworks(double[] x, double[] y) {
    this.x = x.clone();
    this.y = y.clone();
  }

  double[] x() {
    return x;
  }

  double[] y() {
    return y;
  }

  @Override
  public void setParameters(Player player, NumericVector values) {
    double[] target = player == Player.MAIN ? x : y;
    if (values.length() != target.length) {
      throw new IllegalArgumentException(player + " has " + target.length + " parameters, got " + values.length());
    }
    for (int i = 0; i < target.length; i++) {
      target[i] = values.get(i);
    }
  }

  @Override
  public ParameterSet parameters(Player player) {
    double[] values = (player == Player.MAIN ? x : y).clone();
    return new ParameterSet(values, List.of(new ParameterSegment(player == Player.MAIN ? "x" : "y", 0, values.length,
        ParameterSegment.Role.TRAINABLE)), DataType.DOUBLE);
  }
}
