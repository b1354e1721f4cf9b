package ai.equilibrium.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.config.Settings;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.step.GradientTerm;
import ai.equilibrium.step.Player;
import ai.equilibrium.step.StepRequest;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The terms corrections read: each micro-batch's own gradients, and re-evaluations at displaced parameters. */
class PhaseTermsTest {

  private static Map<Player, PlayerState> players(Experiment<?, ?, ?> experiment) {
    Map<Player, PlayerState> players = new EnumMap<>(Player.class);
    for (Player p : Player.values()) {
      players.put(p, experiment.player(p));
    }
    return players;
  }

  @Test
  void eachMicroBatchsGradientsAverageToTheBatchGradient() {
    Experiment<?, ?, ?> ring = Experiment.assemble(ExperimentSchema.load(null, List.of("data.source=gaussian-ring", "model.latent-dim=4", "model.generator-hidden=[8]", "model.adversary-hidden=[8]",
        "model.precision=double", "train.batch-size=24", "train.partitions=2", "train.micro-batches-per-partition=3")));
    GradientTerm g = GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS;
    PhaseTerms terms = PhaseTerms.evaluate(ring.localBackend(), new StepRequest(4, 0, EnumSet.of(Player.ADVERSARY),
        EnumSet.of(g), EnumSet.of(g)), players(ring));
    List<double[]> each = terms.perMicroBatch(g);
    double[] mean = terms.averaged(g);
    assertEquals(6, each.size(), "2 partitions x 3 micro-batches");
    for (int i = 0; i < mean.length; i++) {
      double sum = 0;
      for (double[] k : each) {
        sum += k[i] / each.size();
      }
      assertEquals(mean[i], sum, 1e-12 * (1 + Math.abs(mean[i])));
    }
    assertNotEquals(each.get(0)[0], each.get(1)[0], "micro-batches draw their own samples");
  }

  @Test
  void displacedTermsMoveOnlyTheCopyAndKeepThePhasesDraws() {
    Experiment<?, ?, ?> ring = Experiment.assemble(ExperimentSchema.load(null, List.of("data.source=gaussian-ring",
        "model.latent-dim=4", "model.generator-hidden=[8]", "model.adversary-hidden=[8]", "model.precision=double",
        "train.batch-size=16")));
    GradientTerm g = GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS;
    Map<Player, PlayerState> players = players(ring);
    double[] before = players.get(Player.ADVERSARY).parameters().values().clone();
    PhaseTerms terms = PhaseTerms.evaluate(ring.localBackend(), new StepRequest(2, 0, EnumSet.of(Player.ADVERSARY),
        EnumSet.of(g)), players);
    double[] zero = new double[before.length];
    // No displacement: the same call again, the same bits.
    assertTrue(java.util.Arrays.equals(terms.averaged(g), terms.displaced(Player.ADVERSARY, zero, EnumSet.of(g))
        .averaged(g)));
    double[] shift = zero.clone();
    shift[0] = 1e-3;
    assertNotEquals(terms.averaged(g)[0], terms.displaced(Player.ADVERSARY, shift, EnumSet.of(g)).averaged(g)[0]);
    assertTrue(java.util.Arrays.equals(before, players.get(Player.ADVERSARY).parameters().values()));
    // And the players' own parameters load again afterwards: the same bits as before the displacement.
    PhaseTerms again = PhaseTerms.evaluate(ring.localBackend(), new StepRequest(2, 0, EnumSet.of(Player.ADVERSARY),
        EnumSet.of(g)), players);
    assertTrue(java.util.Arrays.equals(terms.averaged(g), again.averaged(g)));
  }

  @Test
  void aFreshDrawGivesTheMainPhaseItsOwnIteration() {
    Settings.Train train = new Settings.Train(64, 2, 1, Settings.UpdateOrderKind.ALTERNATING, 2);
    assertEquals(1, UpdateOrder.of(train, false).phases().get(2).iteration());
    assertEquals(2, UpdateOrder.of(train, true).phases().get(2).iteration());
  }
}
