package ai.equilibrium.config;

import ai.equilibrium.data.DataSource;
import ai.equilibrium.data.FashionMnistSource;
import ai.equilibrium.data.GaussianMixtureSource;
import ai.equilibrium.game.GanGame;
import ai.equilibrium.loss.AdversarialLoss;
import ai.equilibrium.loss.HingeLoss;
import ai.equilibrium.loss.LeastSquaresLoss;
import ai.equilibrium.loss.MinimaxLoss;
import ai.equilibrium.loss.NonSaturatingLoss;
import ai.equilibrium.loss.WassersteinLoss;
import ai.equilibrium.model.Dcgan28Spec;
import ai.equilibrium.model.MlpSpec;
import ai.equilibrium.model.NetworkSpec;
import ai.equilibrium.optim.Adam;
import ai.equilibrium.optim.Grafted;
import ai.equilibrium.optim.NormScope;
import ai.equilibrium.optim.NormalizedSgd;
import ai.equilibrium.optim.Optimizer;
import ai.equilibrium.optim.Sgd;
import ai.equilibrium.schedule.AdversaryLrSchedule;
import ai.equilibrium.schedule.ConstantSchedule;
import ai.equilibrium.schedule.GapAwareSchedule;
import ai.equilibrium.train.MicroBatchPlan;
import ai.equilibrium.train.UpdateOrder;
import org.nd4j.linalg.api.buffer.DataType;

/** Turns validated settings into the engine's parts: one exhaustive switch per configurable axis. */
public final class Components {
  private Components() {}

  public static DataSource dataSource(ExperimentConfig config) {
    Settings.Data d = config.data();
    return switch (d.source()) {
      case FASHION_MNIST -> new FashionMnistSource(d.path(), FashionMnistSource.Split.TRAIN);
      case GAUSSIAN_RING -> new GaussianMixtureSource(GaussianMixtureSource.Layout.RING_8, d.mixtureSamples(), config.run().seed());
      case GAUSSIAN_GRID -> new GaussianMixtureSource(GaussianMixtureSource.Layout.GRID_25, d.mixtureSamples(), config.run().seed());
    };
  }

  public static NetworkSpec networkSpec(Settings.Model m) {
    return switch (m.architecture()) {
      case MLP -> new MlpSpec(m.latentDim(), m.generatorHidden(), m.adversaryHidden());
      case DCGAN_28 -> new Dcgan28Spec(m.latentDim());
    };
  }

  public static AdversarialLoss loss(Settings.Game g) {
    return switch (g.loss()) {
      case NON_SATURATING -> new NonSaturatingLoss();
      case MINIMAX -> new MinimaxLoss();
      case LEAST_SQUARES -> new LeastSquaresLoss();
      case HINGE -> new HingeLoss();
      case WASSERSTEIN -> new WassersteinLoss();
    };
  }

  public static DataType precision(Settings.Model m) {
    return switch (m.precision()) {
      case FLOAT -> DataType.FLOAT;
      case DOUBLE -> DataType.DOUBLE;
    };
  }

  public static MicroBatchPlan plan(Settings.Train t) {
    return MicroBatchPlan.of(t.batchSize(), t.partitions(), t.microBatchesPerPartition());
  }

  public static GanGame ganGame(ExperimentConfig config, DataSource source) {
    NetworkSpec spec = networkSpec(config.model());
    DataType precision = precision(config.model());
    try {
      // Build both configurations once here so that a shape mismatch fails on the driver, naming the key.
      spec.generator(source.shape(), 0, precision);
      spec.adversary(source.shape(), 0, precision);
    } catch (IllegalArgumentException e) {
      throw new ConfigError("model.architecture", e.getMessage());
    }
    return new GanGame(spec, source.shape(), loss(config.game()), plan(config.train()), config.run().seed(), precision);
  }

  public static Optimizer optimizer(Settings.Optimizer o) {
    return optimizer(o.type(), o);
  }

  private static Optimizer optimizer(Settings.OptimizerKind kind, Settings.Optimizer o) {
    NormScope scope = switch (o.scope()) {
      case LAYER -> NormScope.LAYER;
      case GLOBAL -> NormScope.GLOBAL;
    };
    return switch (kind) {
      case ADAM -> new Adam(o.beta1(), o.beta2(), o.epsilon());
      case SGD -> new Sgd();
      case NSGD -> new NormalizedSgd(scope);
      case GRAFTED -> new Grafted(optimizer(o.magnitude(), o), optimizer(o.direction(), o), scope);
    };
  }

  /** The schedule for a loss whose ideal adversary loss is {@code idealLoss}. */
  public static AdversaryLrSchedule schedule(Settings.Schedule s, double idealLoss) {
    return switch (s.type()) {
      case CONSTANT -> new ConstantSchedule();
      case GAP_AWARE -> {
        double auto = 0.1 * Math.abs(idealLoss);
        if ((s.xMin().isEmpty() || s.xMax().isEmpty()) && auto == 0) {
          throw new ConfigError(s.xMin().isEmpty() ? "schedule.x-min" : "schedule.x-max",
              "the loss's ideal value V* is 0, so the default 0.1 V* is 0: set schedule.x-min and schedule.x-max explicitly");
        }
        yield new GapAwareSchedule(idealLoss, s.decay(), s.hMin(), s.fMax(), s.xMin().orElse(auto), s.xMax().orElse(auto));
      }
    };
  }

  public static UpdateOrder updateOrder(Settings.Train t) {
    return switch (t.updateOrder()) {
      case SIMULTANEOUS -> new UpdateOrder.Simultaneous();
      case ALTERNATING -> new UpdateOrder.Alternating(t.adversarySteps());
    };
  }
}
