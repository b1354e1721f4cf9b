package ai.equilibrium.experiment;

import ai.equilibrium.checkpoint.Checkpointer;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.data.DataSource;
import ai.equilibrium.game.AdversarialGame;
import ai.equilibrium.game.GameNetworks;
import ai.equilibrium.report.EvaluationLog;
import ai.equilibrium.report.RunReport;
import ai.equilibrium.step.Player;
import ai.equilibrium.train.PlayerState;
import ai.equilibrium.train.Players;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What every game's assembly holds: the configuration, the game, its data, the driver's networks (built once
 * for the initial parameters, then scratch space for samples, evaluations and saved models) and both players.
 */
public abstract class AbstractGameAssembly<G extends AdversarialGame<N, S>, N extends GameNetworks,
    S extends Serializable> implements GameAssembly<G, N, S> {
  protected final ExperimentConfig config;
  protected final G game;
  protected final DataSource<S> source;
  protected final N driverNetworks;
  private final PlayerState main;
  private final PlayerState adversary;

  /**
   * Builds the driver's networks and both players at their parameters.
   *
   * @param adversaryLayers the adversary's DL4J network, whose weights spectral normalization reparameterizes
   *                        (null for a game whose adversary has none)
   */
  protected AbstractGameAssembly(ExperimentConfig config, G game, DataSource<S> source,
      Function<N, MultiLayerNetwork> adversaryLayers) {
    this.config = config;
    this.game = game;
    this.source = source;
    this.driverNetworks = game.buildNetworks();
    this.main = Players.main(config, driverNetworks.parameters(Player.MAIN));
    this.adversary = Players.adversary(config, driverNetworks.parameters(Player.ADVERSARY),
        adversaryLayers.apply(driverNetworks));
  }

  @Override
  public G game() {
    return game;
  }

  @Override
  public DataSource<S> source() {
    return source;
  }

  @Override
  public PlayerState player(Player player) {
    return player == Player.MAIN ? main : adversary;
  }

  /** The evaluations, the checkpoint of the last step and the report. */
  @Override
  public Map<String, String> results(long steps) {
    return results(steps, Map.of("evaluations", EvaluationLog.FILE));
  }

  /** {@code first}, then the checkpoint of the last step and the report. */
  protected static Map<String, String> results(long steps, Map<String, String> first) {
    Map<String, String> results = new LinkedHashMap<>(first);
    results.put("models", Checkpointer.stepPath(steps));
    results.put("report", RunReport.FILE);
    return results;
  }
}
