package ai.equilibrium.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.data.SampleShape;
import ai.equilibrium.model.MlpSpec;
import ai.equilibrium.model.ParameterLayouts;
import ai.equilibrium.optim.Adam;
import ai.equilibrium.optim.LearningRateDecay;
import ai.equilibrium.stabilize.SpectralNormalization;
import ai.equilibrium.step.GradientTerm;
import ai.equilibrium.step.Player;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.tensor.NumericVector;
import ai.equilibrium.train.PlayerState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A player's checkpoint holds everything its next updates depend on: restored into a fresh player, through
 * the binary format, the same gradients produce bit-identical parameters (Adam moments and spectral
 * normalization's vectors included).
 */
class PlayerStateFormatTest {

  private static PlayerState adversary(long snSeed) {
    MultiLayerNetwork net = new MultiLayerNetwork(new MlpSpec(4, List.of(8), List.of(6, 5))
        .adversary(new SampleShape.Point(2), 3, DataType.FLOAT));
    net.init();
    var parameters = ParameterLayouts.parameterSet(net);
    return new PlayerState(Player.ADVERSARY, parameters, new Adam(0.5, 0.999, 1e-8), 1e-2, new LearningRateDecay.None(),
        SpectralNormalization.of(net, parameters, snSeed));
  }

  private static ShardResult gradient(int size, long seed) {
    ShardResult r = new ShardResult();
    r.addGradient(GradientTerm.own(Player.ADVERSARY),
        NumericVector.of(new SplittableRandom(seed).doubles(size, -1, 1).toArray(), DataType.DOUBLE), 1);
    r.addSamples(4);
    return r;
  }

  @Test
  void restoredPlayerContinuesExactlyLikeTheOriginal() throws IOException {
    PlayerState original = adversary(1);
    int size = original.parameters().size();
    for (int step = 0; step < 3; step++) {
      original.update(gradient(size, step), 1e-2);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CheckpointFormat.writePlayer(original.checkpoint(), bytes);

    PlayerState resumed = adversary(2);
    resumed.restore(CheckpointFormat.readPlayer(new ByteArrayInputStream(bytes.toByteArray()), "adversary-state.bin"));
    assertArrayEquals(original.networkParameters().values(), resumed.networkParameters().values(), 0.0);
    for (int step = 3; step < 6; step++) {
      original.update(gradient(size, step), 1e-2);
      resumed.update(gradient(size, step), 1e-2);
    }
    assertArrayEquals(original.parameters().values(), resumed.parameters().values(), 0.0);
    assertArrayEquals(original.networkParameters().values(), resumed.networkParameters().values(), 0.0);
  }

  /**
   * A model restored without its optimizer (evaluation, sampling) computes with exactly the network parameters
   * of the fully restored player (spectral normalization's vectors included); its optimizer state is not read.
   */
  @Test
  void aModelRestoredWithoutItsOptimizerHasTheSameNetworkParameters() throws IOException {
    PlayerState trained = adversary(1);
    for (int step = 0; step < 3; step++) {
      trained.update(gradient(trained.parameters().size(), step), 1e-2);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CheckpointFormat.writePlayer(trained.checkpoint(), bytes);
    var model = CheckpointFormat.readPlayer(new ByteArrayInputStream(bytes.toByteArray()), "adversary-state.bin", false);
    assertEquals(0, model.optimizerState().length);
    PlayerState restored = adversary(2);
    restored.restoreModel(model);
    assertArrayEquals(trained.networkParameters().values(), restored.networkParameters().values(), 0.0);
    assertArrayEquals(trained.parameters().values(), restored.parameters().values(), 0.0);
  }

  @Test
  void damagedCheckpointsFailNamingTheFile() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CheckpointFormat.writePlayer(adversary(1).checkpoint(), bytes);
    byte[] truncated = Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2);
    IOException e = assertThrows(IOException.class,
        () -> CheckpointFormat.readPlayer(new ByteArrayInputStream(truncated), "adversary-state.bin"));
    assertTrue(e.getMessage().contains("adversary-state.bin is truncated"), e.getMessage());
    IOException wrong = assertThrows(IOException.class,
        () -> CheckpointFormat.readPlayer(new ByteArrayInputStream(new byte[16]), "generator.zip"));
    assertTrue(wrong.getMessage().contains("generator.zip is not a player checkpoint"), wrong.getMessage());
  }
}
