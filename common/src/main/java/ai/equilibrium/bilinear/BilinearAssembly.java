package ai.equilibrium.bilinear;

import ai.equilibrium.backend.ShardExecutor;
import ai.equilibrium.checkpoint.Checkpointer;
import ai.equilibrium.checkpoint.ModelExport;
import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.Settings;
import ai.equilibrium.experiment.AbstractGameAssembly;
import ai.equilibrium.report.RunReportListener;
import ai.equilibrium.step.MicroBatchPlan;
import ai.equilibrium.step.Player;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.TrainingListener;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code game.type = bilinear}: x against y on one drawn instance of the game, scored by the distance to its
 * equilibrium, with both vectors in every checkpoint (x.txt and y.txt, one number a line) and report.html.
 */
final class BilinearAssembly extends AbstractGameAssembly<BilinearGame, BilinearNetworks, BilinearShard> {
  private final BilinearProblem problem;

  private BilinearAssembly(ExperimentConfig config, BilinearGame game, BilinearSource source) {
    super(config, game, source, networks -> null);
    this.problem = game.problem();
  }

  static BilinearAssembly assemble(ExperimentConfig config) {
    if (config.stabilize().bestResponse().enabled()) {
      throw new ConfigError("stabilize.brc.enabled", "the bilinear game is zero-sum, where the best-response "
          + "correction degenerates (c = -1)");
    }
    if (config.stabilize().penalty() != Settings.PenaltyKind.NONE) {
      throw new ConfigError("stabilize.penalty.type", "a gradient penalty needs the adversary's input; the bilinear "
          + "game's adversary has none");
    }
    BilinearSettings settings = config.gameSettings(BilinearSettings.class);
    Settings.Train t = config.train();
    BilinearGame game = new BilinearGame(BilinearProblem.draw(settings, config.run().seed()), settings.noise(),
        MicroBatchPlan.of(t.batchSize(), t.partitions(), t.microBatchesPerPartition()), config.run().seed());
    return new BilinearAssembly(config, game, new BilinearSource(settings, config.run().seed()));
  }

  @Override
  public List<TrainingListener> artefacts(RunDirectory run, PrintStream out,
      ShardExecutor<BilinearGame, BilinearNetworks, BilinearShard> executor, Checkpointer checkpoints) {
    return List.of(new EquilibriumDistance(problem, run, config.eval().every(), executor.processors(), out),
        new RunReportListener(run, config.run().name(), config.eval().every()));
  }

  @Override
  public ModelExport models() {
    return state -> {
      Map<String, RunDirectory.Writer> files = new LinkedHashMap<>();
      for (Player p : Player.values()) {
        files.put(p == Player.MAIN ? "x.txt" : "y.txt", out -> {
          StringBuilder text = new StringBuilder();
          for (double v : state.parameters(p).values()) {
            text.append(v).append('\n');
          }
          out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        });
      }
      return files;
    };
  }

  @Override
  public Map<String, Object> score(TrainingListener.TrainingState state,
      ShardExecutor<BilinearGame, BilinearNetworks, BilinearShard> executor) {
    return new EquilibriumDistance(problem, null, 0, List.of(), null).score(state);
  }
}
