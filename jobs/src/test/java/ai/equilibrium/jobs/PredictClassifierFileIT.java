package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.data.DataShard;
import ai.equilibrium.data.ImageShardFile;
import ai.equilibrium.data.ImageShardManifest;
import ai.equilibrium.data.ImageSplit;
import ai.equilibrium.data.NumpyArchive;
import ai.equilibrium.metrics.AttributeClassifier;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Saved DL4J classifiers on Spark local[2]: a face attribute classifier (the CelebA evaluation's architecture, on
 * 16x16 images) on a prepared folder of two shards, and on the same images as a channels-last .npz; Fashion-MNIST's
 * classifier on an IDX file. Each row is the network's own output on the pixels scaled as in training.
 */
class PredictClassifierFileIT {
  private static final int SIDE = 16;
  private static final int DIMENSION = 3 * SIDE * SIDE;
  private static final List<String> ATTRIBUTES = List.of("Smiling", "Eyeglasses", "Dark_Fringe");

  @TempDir
  Path dir;

  @Test
  void anAttributeClassifierPredictsAFolderAndTheSameImagesAsAnArchive() throws IOException {
    MultiLayerNetwork network = new MultiLayerNetwork(AttributeClassifier.configuration(3, SIDE, SIDE,
        ATTRIBUTES.size()));
    network.init();
    Path model = dir.resolve("models/faces.zip");
    Files.createDirectories(model.getParent());
    ModelSerializer.writeModel(network, model.toFile(), false);
    Files.writeString(dir.resolve("models/faces.json"), "{\"attributes\": [\"Smiling\", \"Eyeglasses\", "
        + "\"Dark_Fringe\"]}");
    int images = 150;
    byte[] pixels = new byte[images * DIMENSION]; // channels first, as the shards hold them
    new SplittableRandom(3).nextBytes(pixels);
    Path folder = prepare(pixels, 100, 50);

    PredictJobIT.Result result = PredictJobIT.predict("--model", model.toString(), "--input", folder.toString(),
        "--out", dir.resolve("faces").toString(), "spark.master=local[2]");
    assertEquals(0, result.exit, result.errText());
    int[] all = IntStream.range(0, images).toArray();
    float[] expected = network.output(DataShard.ofPixels(DIMENSION, pixels).rows(all, DataType.FLOAT), false)
        .dup('c').data().asFloat();
    List<String> lines = Files.readAllLines(dir.resolve("faces").resolve(PredictJob.CSV));
    assertEquals("id,predicted,Smiling,Eyeglasses,Dark_Fringe", lines.get(0));
    for (int i = 0; i < images; i++) {
      String[] row = lines.get(i + 1).split(",", -1);
      assertEquals(String.format("face-%03d.png", i), row[0], "named as prepared, in shard order");
      StringJoiner present = new StringJoiner(" ");
      for (int a = 0; a < ATTRIBUTES.size(); a++) {
        float p = expected[i * ATTRIBUTES.size() + a];
        assertEquals(p, Float.parseFloat(row[2 + a]), 1e-6, "image " + i + ", " + ATTRIBUTES.get(a));
        if (p > 0.5f) {
          present.add(ATTRIBUTES.get(a));
        }
      }
      assertEquals(present.toString(), row[1], "image " + i);
    }

    // the same images channels last, [n, height, width, channels], as NumPy holds them
    byte[] channelsLast = new byte[pixels.length];
    for (int i = 0; i < images; i++) {
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < SIDE * SIDE; p++) {
          channelsLast[i * DIMENSION + p * 3 + c] = pixels[i * DIMENSION + c * SIDE * SIDE + p];
        }
      }
    }
    Path npz = dir.resolve("faces.npz");
    try (OutputStream out = Files.newOutputStream(npz)) {
      NumpyArchive.write(out, List.of(NumpyArchive.Array.uint8("faces", channelsLast, images, SIDE, SIDE, 3)));
    }
    PredictJobIT.Result archived = PredictJobIT.predict("--model", model.toString(), "--input", npz.toString(),
        "--out", dir.resolve("faces-npz").toString(), "spark.master=local[2]");
    assertEquals(0, archived.exit, archived.errText());
    List<String> fromArchive = Files.readAllLines(dir.resolve("faces-npz").resolve(PredictJob.CSV));
    for (int i = 0; i < images; i++) { // other batches than the folder's shards: the same to float rounding
      String[] folderRow = lines.get(i + 1).split(",", -1);
      String[] archiveRow = fromArchive.get(i + 1).split(",", -1);
      assertEquals(Integer.toString(i), archiveRow[0]);
      assertEquals(folderRow[1], archiveRow[1], "image " + i);
      for (int a = 0; a < ATTRIBUTES.size(); a++) {
        assertEquals(Float.parseFloat(folderRow[2 + a]), Float.parseFloat(archiveRow[2 + a]), 1e-6, "image " + i);
      }
    }
  }

  @Test
  void fashionMnistsClassifierPredictsAnIdxFile() throws IOException {
    Path model = Path.of(PredictJobIT.repoFile("models/fashion-mnist-classifier-v1.zip"));
    int images = 70;
    byte[] pixels = new byte[images * 28 * 28];
    new SplittableRandom(5).nextBytes(pixels);
    Path idx = dir.resolve("images-idx3-ubyte.gz");
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(idx)))) {
      out.writeInt(0x00000803);
      for (int d : new int[] {images, 28, 28}) {
        out.writeInt(d);
      }
      out.write(pixels);
    }
    PredictJobIT.Result result = PredictJobIT.predict("--model", model.toString(), "--input", idx.toString(),
        "--out", dir.resolve("fashion").toString(), "spark.master=local[2]");
    assertEquals(0, result.exit, result.errText());
    assertTrue(result.outText().contains(images + " predictions of fashion-mnist-classifier-v1@"), result.outText());

    MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(model.toFile(), false);
    int[] all = IntStream.range(0, images).toArray();
    float[] expected = network.output(DataShard.ofPixels(28 * 28, pixels).rows(all, DataType.FLOAT), false)
        .dup('c').data().asFloat();
    List<String> lines = Files.readAllLines(dir.resolve("fashion").resolve(PredictJob.CSV));
    assertEquals("id,predicted,p0,p1,p2,p3,p4,p5,p6,p7,p8,p9", lines.get(0));
    for (int i = 0; i < images; i++) {
      String[] row = lines.get(i + 1).split(",");
      int best = 0;
      for (int k = 0; k < 10; k++) {
        assertEquals(expected[i * 10 + k], Float.parseFloat(row[2 + k]), 1e-6, "image " + i + ", p" + k);
        best = expected[i * 10 + k] > expected[i * 10 + best] ? k : best;
      }
      assertEquals(Integer.toString(i), row[0]);
      assertEquals(best, Integer.parseInt(row[1]), "image " + i);
    }
  }

  /** A prepared folder of the images (channels first) in shards of the given sizes, named face-NNN.png. */
  private Path prepare(byte[] pixels, int... shardSizes) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("prepared"));
    List<ImageShardManifest.Shard> shards = new ArrayList<>();
    int k = 0;
    for (int s = 0; s < shardSizes.length; s++) {
      List<ImageShardFile.Record> records = new ArrayList<>();
      for (int i = 0; i < shardSizes[s]; i++, k++) {
        byte[] image = Arrays.copyOfRange(pixels, k * DIMENSION, (k + 1) * DIMENSION);
        records.add(new ImageShardFile.Record(String.format("face-%03d.png", k), ImageSplit.values()[k % 3],
            new byte[0], image));
      }
      String file = String.format("shard-%05d.bin", s);
      try (OutputStream out = Files.newOutputStream(folder.resolve(file))) {
        ImageShardFile.write(out, new ImageShardFile.Header(records.size(), 3, SIDE, SIDE, 0), records);
      }
      shards.add(new ImageShardManifest.Shard(file, records.size(), 0, 0, 0, Files.size(folder.resolve(file)), "0"));
    }
    new ImageShardManifest(ImageShardManifest.FORMAT, "generated", 3, SIDE, SIDE, "centre-square", List.of(), shards,
        0, 0, "now").write(folder.toString());
    return folder;
  }
}
