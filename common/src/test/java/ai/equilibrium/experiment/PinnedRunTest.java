package ai.equilibrium.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.backend.GradientBackend;
import ai.equilibrium.backend.ProcessorKind;
import ai.equilibrium.checkpoint.CheckpointFormat;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.data.DataShard;
import ai.equilibrium.gan.GanAssembly;
import ai.equilibrium.gan.GanGame;
import ai.equilibrium.gan.GanNetworks;
import ai.equilibrium.report.MetricsLog;
import ai.equilibrium.step.Player;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.PlayerCheckpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Short GAN runs pinned to what they wrote when they were recorded: every metrics.jsonl line (wall times
 * aside) and a digest of both players' whole state at the end. Refactors of the loop, the games and the
 * backends must leave them bitwise unchanged.
 *
 * <p>Native kernels may round differently on another processor, so the comparison is bitwise on the machine
 * kind that recorded the files (its fingerprint is their first line) and to 1e-9 relative elsewhere, where the
 * state digest is not compared. {@code -Dequilibrium.pin.record=true} records them again (into the source tree).
 */
class PinnedRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path PINNED = Path.of("src/test/resources/pinned");
  private static final double OTHER_MACHINE_TOLERANCE = 1e-9;

  static Stream<Arguments> runs() {
    return Stream.of(
        Arguments.of("ring-alternating-adam", List.of("data.source=gaussian-ring", "data.mixture-samples=2000",
            "model.latent-dim=8", "model.generator-hidden=[16,16]", "model.adversary-hidden=[16,16]",
            "model.precision=double", "train.batch-size=32", "train.partitions=2", "run.steps=30")),
        Arguments.of("ring-simultaneous-brc-sn-r1", List.of("data.source=gaussian-ring", "data.mixture-samples=2000",
            "model.latent-dim=8", "model.generator-hidden=[16,16]", "model.adversary-hidden=[16,16]",
            "model.precision=double", "train.batch-size=32", "train.partitions=2", "train.micro-batches-per-partition=2",
            "train.update-order=simultaneous", "stabilize.brc.enabled=true", "stabilize.spectral-norm=true",
            "stabilize.penalty.type=r1", "optimizer.adversary.type=grafted", "run.steps=12")),
        Arguments.of("fashion-dcgan-batchnorm", List.of("model.architecture=dcgan-28", "model.precision=double",
            "train.batch-size=8", "train.partitions=2", "train.adversary-steps=2", "run.steps=3")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void aShortRunWritesWhatItWroteWhenPinned(String name, List<String> overrides, @TempDir Path dir) throws Exception {
    List<String> all = new ArrayList<>(overrides);
    all.add("run.output-dir=" + dir.toUri());
    all.add("run.name=" + name);
    ExperimentConfig config = ExperimentSchema.load(null, all);
    Experiment<GanGame, GanNetworks, DataShard> training = GanAssembly.experiment(config);
    RunDirectory run = new RunDirectory(config.run().outputDir() + "/" + config.run().name());
    try (GradientBackend backend = training.localBackend();
        MetricsLog metrics = new MetricsLog(run, 1)) {
      training.loop(backend, List.of(metrics)).run(0, config.run().steps());
    }
    List<String> lines = new ArrayList<>();
    lines.add(fingerprint());
    for (String line : Files.readAllLines(dir.resolve(name).resolve(MetricsLog.FILE))) {
      ObjectNode row = (ObjectNode) JSON.readTree(line);
      row.remove("ms_per_step");
      lines.add(JSON.writeValueAsString(row));
    }
    lines.add("{\"final_state_sha256\":\"" + stateDigest(training) + "\"}");

    Path pinned = PINNED.resolve(name + ".jsonl");
    if (Boolean.getBoolean("equilibrium.pin.record")) {
      Files.createDirectories(PINNED);
      Files.write(pinned, lines, StandardCharsets.UTF_8);
    }
    List<String> expected = Files.readAllLines(pinned, StandardCharsets.UTF_8);
    if (expected.get(0).equals(fingerprint())) {
      assertEquals(expected, lines, name + " differs from " + pinned);
    } else {
      assertClose(expected.subList(1, expected.size() - 1), lines.subList(1, lines.size() - 1), name);
    }
  }

  /** The processor and native-kernel facts that decide how floating-point operations round. */
  private static String fingerprint() {
    ProcessorKind kind = ProcessorKind.current();
    return "{\"machine\":\"" + kind.architecture() + "/" + kind.model() + "/" + kind.vectorUnits() + "/"
        + kind.openBlasCore() + (kind.oneDnnIsa().isEmpty() ? "" : "/" + kind.oneDnnIsa()) + "\"}";
  }

  private static String stateDigest(Experiment<GanGame, GanNetworks, DataShard> training) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (Player p : Player.values()) {
      PlayerCheckpoint checkpoint = training.player(p).checkpoint();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CheckpointFormat.writePlayer(checkpoint, bytes);
      sha.update(bytes.toByteArray());
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void assertClose(List<String> expected, List<String> actual, String name) throws IOException {
    assertEquals(expected.size(), actual.size(), name + ": metrics lines");
    for (int i = 0; i < expected.size(); i++) {
      JsonNode e = JSON.readTree(expected.get(i));
      JsonNode a = JSON.readTree(actual.get(i));
      List<String> expectedKeys = new ArrayList<>();
      e.fieldNames().forEachRemaining(expectedKeys::add);
      List<String> actualKeys = new ArrayList<>();
      a.fieldNames().forEachRemaining(actualKeys::add);
      assertEquals(expectedKeys, actualKeys, name + " line " + (i + 1) + ": keys");
      for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        double want = field.getValue().asDouble();
        double got = a.get(field.getKey()).asDouble();
        assertTrue(Math.abs(want - got) <= OTHER_MACHINE_TOLERANCE * Math.max(1, Math.abs(want)),
            name + " line " + (i + 1) + " " + field.getKey() + ": " + want + " against " + got);
      }
    }
  }
}
