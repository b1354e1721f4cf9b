package ai.equilibrium.timed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.backend.GradientBackend;
import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.step.GradientTerm;
import ai.equilibrium.step.MicroBatchPlan;
import ai.equilibrium.step.Player;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.step.StepRequest;
import ai.equilibrium.tensor.NumericVector;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimedGameTest {

  @Test
  void eachMicroBatchSleepsAndAddsEveryPlayersParametersAsItsGradient() {
    TimedGame game = new TimedGame(new TimedSettings(5, 3, 20), new MicroBatchPlan(2, 3, 4), 9);
    TimedNetworks networks = game.buildNetworks();
    long start = System.nanoTime();
    ShardResult result = game.computeShard(networks, new TimedShard(1, 2), 1, new StepRequest(0, 0,
        EnumSet.allOf(Player.class)));
    double millis = (System.nanoTime() - start) / 1e6;
    assertTrue(millis >= 3 * 20, "three micro-batches of 20 ms took " + millis + " ms");
    assertEquals(12, result.samples());
    for (Player player : Player.values()) {
      GradientTerm term = GradientTerm.own(player);
      NumericVector sum = result.gradientSum(term);
      double[] theta = networks.parameters(term.parameters()).values();
      assertEquals(theta.length, sum.length(), term.toString());
      for (int i = 0; i < theta.length; i++) {
        // three micro-batches of four samples: 12 theta, each micro-batch's 4 theta rounded to float
        assertEquals(3 * (4 * (float) theta[i]), sum.get(i), 1e-6 * Math.abs(theta[i]), term + " at " + i);
      }
    }
    assertEquals(Math.log(4), result.meanLoss(Player.ADVERSARY), 1e-12, "the adversary's loss stays at V*");
  }

  @Test
  void theGameTravelsToExecutorsAsJavaSerializationCarriesIt() throws Exception {
    TimedGame game = new TimedGame(new TimedSettings(5, 3, 1), new MicroBatchPlan(1, 1, 2), 9);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(game);
      out.writeObject(new TimedSource(new TimedSettings(5, 3, 1)));
    }
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(
        bytes.toByteArray()))) {
      TimedGame copy = (TimedGame) in.readObject();
      assertEquals(game.buildNetworks().parameters(Player.MAIN).values()[4],
          copy.buildNetworks().parameters(Player.MAIN).values()[4], 0.0);
    }
  }

  @Test
  void aRunOfTheTimedGameTrainsOnTheOneLoopAndItsKeysAreChecked() {
    Experiment<?, ?, ?> experiment = Experiment.assemble(ExperimentSchema.load(null, List.of("game.type=timed",
        "game.timed.main-parameters=7", "game.timed.adversary-parameters=4", "game.timed.compute-ms=0",
        "optimizer.main.type=sgd", "optimizer.main.lr=0.5", "run.steps=3", "eval.every=0")));
    double before = Math.abs(experiment.player(Player.MAIN).parameters().values()[0]);
    try (GradientBackend backend = experiment.localBackend()) {
      experiment.loop(backend, List.of()).run(0, 3);
    }
    // plain SGD on |theta|^2 / 2 at rate 0.5 halves each parameter every step
    assertEquals(before / 8, Math.abs(experiment.player(Player.MAIN).parameters().values()[0]), before * 1e-6);
    assertEquals("game.timed.compute-ms", assertThrows(ConfigError.class, () -> ExperimentSchema.load(null,
        List.of("game.type=timed", "game.timed.compute-ms=-1"))).key());
  }
}
