package ai.equilibrium.timed;

import ai.equilibrium.backend.ShardExecutor;
import ai.equilibrium.checkpoint.Checkpointer;
import ai.equilibrium.checkpoint.ModelExport;
import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.Settings;
import ai.equilibrium.experiment.AbstractGameAssembly;
import ai.equilibrium.report.RunReportListener;
import ai.equilibrium.step.MicroBatchPlan;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.TrainingListener;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** {@code game.type = timed}: no models to save and no score; the run's step times are its result. */
final class TimedAssembly extends AbstractGameAssembly<TimedGame, TimedNetworks, TimedShard> {

  private TimedAssembly(ExperimentConfig config, TimedGame game, TimedSource source) {
    super(config, game, source, networks -> null);
  }

  static TimedAssembly assemble(ExperimentConfig config) {
    if (config.stabilize().penalty() != Settings.PenaltyKind.NONE) {
      throw new ConfigError("stabilize.penalty.type", "a gradient penalty needs the adversary's input; the timed "
          + "game's adversary has none");
    }
    TimedSettings settings = config.gameSettings(TimedSettings.class);
    Settings.Train t = config.train();
    TimedGame game = new TimedGame(settings, MicroBatchPlan.of(t.batchSize(), t.partitions(),
        t.microBatchesPerPartition()), config.run().seed());
    return new TimedAssembly(config, game, new TimedSource(settings));
  }

  @Override
  public List<TrainingListener> artefacts(RunDirectory run, PrintStream out,
      ShardExecutor<TimedGame, TimedNetworks, TimedShard> executor, Checkpointer checkpoints) {
    return List.of(new RunReportListener(run, config.run().name(), config.eval().every()));
  }

  @Override
  public ModelExport models() {
    return ModelExport.NONE;
  }

  @Override
  public Map<String, Object> score(TrainingListener.TrainingState state,
      ShardExecutor<TimedGame, TimedNetworks, TimedShard> executor) {
    return Map.of();
  }
}
