package ai.equilibrium.checkpoint;

import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.step.Player;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.TrainingListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A game's DL4J networks as checkpoint files in ModelSerializer's format, each written from the driver's scratch
 * networks with its player's parameters (as the networks compute with them: spectrally normalized weights
 * included), so that plain DL4J loads them and computes what training computed.
 *
 * @param <N> the game's networks
 */
public final class NetworkExport<N extends GameNetworks> implements ModelExport {
  private final N networks;
  private final Map<String, Part<N>> files = new LinkedHashMap<>();

  /** One file: the network of a player's. */
  private record Part<N>(Player player, Function<N, MultiLayerNetwork> network) {}

  /** @param networks scratch networks of the game, whose parameters are overwritten */
  public NetworkExport(N networks) {
    this.networks = networks;
  }

  /** Adds {@code file}, the network that {@code network} picks, with {@code player}'s parameters. */
  public NetworkExport<N> with(String file, Player player, Function<N, MultiLayerNetwork> network) {
    files.put(file, new Part<>(player, network));
    return this;
  }

  @Override
  public Map<String, RunDirectory.Writer> files(TrainingListener.TrainingState state) {
    Map<String, RunDirectory.Writer> writers = new LinkedHashMap<>();
    files.forEach((file, part) -> writers.put(file, out -> {
      networks.setParameters(part.player(), state.parameters(part.player()).snapshot());
      ModelSerializer.writeModel(part.network().apply(networks), out, false);
    }));
    return writers;
  }
}
