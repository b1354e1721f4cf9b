package ai.equilibrium.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.equilibrium.adaptation.DomainAdaptationAssembly;
import ai.equilibrium.adaptation.DomainAdaptationGame;
import ai.equilibrium.adaptation.DomainAdaptationNetworks;
import ai.equilibrium.backend.LocalBackend;
import ai.equilibrium.checkpoint.CheckpointFormat;
import ai.equilibrium.checkpoint.Checkpointer;
import ai.equilibrium.config.ExperimentConfig;
import ai.equilibrium.config.ExperimentSchema;
import ai.equilibrium.data.Domain;
import ai.equilibrium.data.DomainPairSource;
import ai.equilibrium.data.DomainShard;
import ai.equilibrium.data.LabelledSet;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.data.TwoMoonsSource;
import ai.equilibrium.step.Player;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.PlayerCheckpoint;
import ai.equilibrium.train.TrainingListener;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Target labels are never read in training. Training shards hold no target labels by construction; the
 * only place a source gives them out is its held-out target split, which the evaluation scores every few
 * steps. A run whose target labels are scrambled there trains to bitwise the same players (parameters,
 * optimizer state, schedule) while its target accuracy in eval.jsonl differs: no evaluation result feeds
 * back into training.
 */
class TargetLabelsTest {
  private static final int STEPS = 24;

  /** A source whose held-out target labels are a seeded permutation of the real ones. */
  private record ScrambledTargetLabels(DomainPairSource real) implements DomainPairSource {
    @Override
    public String name() {
      return real.name();
    }

    @Override
    public SampleShape shape() {
      return real.shape();
    }

    @Override
    public String contentHash() {
      return "scrambled " + real.contentHash();
    }

    @Override
    public long sampleCount() {
      return real.sampleCount();
    }

    @Override
    public int classes() {
      return real.classes();
    }

    @Override
    public DomainShard loadShard(int partition, int partitions) {
      return real.loadShard(partition, partitions);
    }

    @Override
    public LabelledSet heldOut(Domain domain) {
      LabelledSet set = real.heldOut(domain);
      if (domain == Domain.SOURCE) {
        return set;
      }
      int[] labels = set.labels().clone();
      SplittableRandom random = new SplittableRandom(99);
      for (int i = labels.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = labels[i];
        labels[i] = labels[j];
        labels[j] = swap;
      }
      return new LabelledSet(set.dimension(), set.rows(), labels);
    }
  }

  @Test
  void scramblingTheTargetLabelsChangesTheTargetScoreAndNotOneBitOfTraining(@TempDir Path dir) throws Exception {
    ExperimentConfig config = ExperimentSchema.load(null, List.of("game.type=domain-adaptation", "data.source=two-moons",
        "data.moons.samples=200", "model.feature-hidden=[16]", "model.feature-dimension=8",
        "model.adversary-hidden=[16]", "model.precision=double", "train.batch-size=32", "train.partitions=2",
        "run.steps=" + STEPS, "eval.every=4", "run.checkpoint-every=8", "run.seed=3",
        "run.output-dir=" + dir.toUri()));
    TwoMoonsSource moons = new TwoMoonsSource(200, 200, 0.1, 30, 3);
    byte[] real = train(config, moons, dir.resolve("real"));
    byte[] scrambled = train(config, new ScrambledTargetLabels(moons), dir.resolve("scrambled"));
    assertArrayEquals(real, scrambled, "both players' whole state after " + STEPS + " steps");

    List<String> realEval = Files.readAllLines(dir.resolve("real/eval.jsonl"));
    List<String> scrambledEval = Files.readAllLines(dir.resolve("scrambled/eval.jsonl"));
    assertEquals(STEPS / 4, realEval.size());
    assertNotEquals(field(realEval.get(realEval.size() - 1), "target_accuracy"),
        field(scrambledEval.get(scrambledEval.size() - 1), "target_accuracy"), "the scramble reached the evaluation");
    assertEquals(field(realEval.get(realEval.size() - 1), "source_accuracy"),
        field(scrambledEval.get(scrambledEval.size() - 1), "source_accuracy"));
  }

  /** Trains on the in-process backend with the evaluation and checkpoints on; returns the players' state bytes. */
  private static byte[] train(ExperimentConfig config, DomainPairSource source, Path location) throws Exception {
    Experiment<DomainAdaptationGame, DomainAdaptationNetworks, DomainShard> experiment =
        DomainAdaptationAssembly.experiment(config, source);
    RunDirectory run = new RunDirectory(location.toUri().toString());
    Checkpointer checkpoints = new Checkpointer(run, experiment.assembly().models(), 8, 2, Map.of());
    PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
    try (LocalBackend<DomainAdaptationGame, DomainAdaptationNetworks, DomainShard> backend = experiment.localBackend()) {
      List<TrainingListener> listeners = new ArrayList<>(
          experiment.assembly().artefacts(run, quiet, backend, checkpoints));
      listeners.add(checkpoints);
      experiment.loop(backend, listeners, checkpoints).run(0, STEPS);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (Player p : Player.values()) {
      PlayerCheckpoint checkpoint = experiment.player(p).checkpoint();
      CheckpointFormat.writePlayer(checkpoint, bytes);
    }
    return bytes.toByteArray();
  }

  private static double field(String json, String name) throws Exception {
    return new ObjectMapper().readTree(json).get(name).asDouble();
  }
}
