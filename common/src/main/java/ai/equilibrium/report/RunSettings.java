package ai.equilibrium.report;

import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.GameSchemas;
import ai.equilibrium.config.Settings;
import ai.equilibrium.optim.OptimizerSettings;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A run's key settings as a page of runs shows them, one short text per column, from its typed configuration.
 *
 * @param game        the game type, its data and architecture
 * @param loss        what the players contest, as the game type describes it
 * @param optimizers  main player's optimizer and base rate, then the adversary's
 * @param schedule    the adversary learning-rate schedule
 * @param stabilizers what is switched on of best-response correction, spectral norm and gradient penalty
 * @param steps       the run's step budget (run.steps)
 */
public record RunSettings(String game, String loss, String optimizers, String schedule, String stabilizers,
    long steps) {

  public static RunSettings of(ExperimentConfig config) {
    String game = config.game().type() + " · " + config.data().source() + " · "
        + Settings.configName(config.model().architecture());
    String loss = GameSchemas.named(config.game().type()).lossSummary(config);
    String optimizers = optimizer(config.mainOptimizer()) + " / " + optimizer(config.adversaryOptimizer());
    String schedule = Settings.configName(config.schedule().type())
        + (config.schedule().warmupUpdates() > 0 ? " after " + config.schedule().warmupUpdates() + " updates" : "");
    return new RunSettings(game, loss, optimizers, schedule,
        stabilizers(config.stabilize()), config.run().steps());
  }

  /** The type (grafted: magnitude#direction, as the configuration spells it) and the base learning rate. */
  private static String optimizer(OptimizerSettings o) {
    String type = switch (o.type()) {
      case "grafted" -> "grafted " + o.magnitude() + "#" + o.direction();
      default -> o.type();
    };
    if (o.type().equals("nsgd") || o.type().equals("grafted")) {
      type += " (" + Settings.configName(o.scope()) + ")";
    }
    String decay = o.decay() == OptimizerSettings.Decay.NONE ? "" : ", " + Settings.configName(o.decay()) + " decay";
    return type + " " + number(o.lr(), 3) + decay;
  }

  private static String stabilizers(Settings.Stabilize s) {
    List<String> on = new ArrayList<>();
    Settings.BestResponse brc = s.bestResponse();
    if (brc.enabled()) {
      on.add("brc " + Settings.configName(brc.hessian()) + " ε=" + number(brc.epsilon(), 3)
          + (brc.relativeDamping() > 0 ? " ρ=" + number(brc.relativeDamping(), 3) : "")
          + (brc.freshDraw() ? " fresh draw" : ""));
    }
    if (s.spectralNorm()) {
      on.add("spectral norm");
    }
    if (s.penalty() != Settings.PenaltyKind.NONE) {
      on.add(Settings.configName(s.penalty()) + " " + number(s.penaltyWeight(), 3));
    }
    return on.isEmpty() ? "none" : String.join(", ", on);
  }

  /** A number to {@code digits} significant digits without trailing zeros: 0.001, 2.5e-5, 8, 123.4. */
  static String number(double v, int digits) {
    if (!Double.isFinite(v)) {
      return String.valueOf(v);
    }
    double magnitude = Math.abs(v);
    if (magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e6)) {
      // 2.50e-05 -> 2.5e-5
      return String.format(Locale.ROOT, "%." + (digits - 1) + "e", v).replaceAll("\\.?0+e", "e")
          .replaceAll("e([+-])0*(\\d)", "e$1$2").replace("e+", "e");
    }
    return BigDecimal.valueOf(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
  }
}
