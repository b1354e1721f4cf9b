package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.data.ImageResampler;
import ai.equilibrium.data.ImageShardFile;
import ai.equilibrium.data.ImageShardManifest;
import ai.equilibrium.data.ImageShardSource;
import ai.equilibrium.data.ImageSplit;
import ai.equilibrium.prepare.PreparationSettings;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * PrepareDataJob on Spark local[2] over a folder this test generates: 200 CelebA-sized JPEGs listed in split and
 * attribute lists, 60 PNGs of other sizes (one grey) that the lists do not name, a truncated JPEG, a text file
 * named .jpg and an empty file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrepareDataJobIT {
  private static final int JPEGS = 200;
  private static final int PNGS = 60;
  private static final List<String> BAD = List.of("faces/truncated.jpg", "notes.jpg", "empty.png");

  @TempDir
  static Path dir;
  Path images;
  /** The generated PNGs' pixels as interleaved RGB, by relative name. */
  final Map<String, byte[]> pngPixels = new HashMap<>();
  final Map<String, int[]> pngSizes = new HashMap<>();

  @BeforeAll
  void generate() throws IOException {
    images = Files.createDirectories(dir.resolve("celeba/img"));
    Files.createDirectories(images.resolve("faces"));
    Files.createDirectories(images.resolve("other"));
    Random random = new Random(5);
    StringBuilder splits = new StringBuilder();
    StringBuilder attributes = new StringBuilder(JPEGS + "\nSmiling Young\n");
    for (int i = 0; i < JPEGS; i++) {
      String name = String.format("%06d.jpg", i);
      ImageIO.write(smooth(178, 218, random), "jpg", images.resolve("faces/" + name).toFile());
      splits.append(name).append(' ').append(i % 10 == 0 ? 2 : i % 10 == 1 ? 1 : 0).append('\n');
      attributes.append(name).append(i % 2 == 0 ? " 1" : " -1").append(i % 3 == 0 ? " 1" : " -1").append('\n');
    }
    // the lists sit beside the image folder, as in CelebA's download
    Files.writeString(dir.resolve("celeba/list_eval_partition.txt"), splits);
    Files.writeString(dir.resolve("celeba/list_attr_celeba.txt"), attributes);
    int[][] sizes = {{64, 64}, {100, 80}, {90, 120}, {33, 47}};
    for (int i = 0; i < PNGS; i++) {
      int[] size = sizes[i % sizes.length];
      BufferedImage image = i == 7 ? grey(size[0], size[1], random) : smooth(size[0], size[1], random);
      String name = String.format("other/p%03d.png", i);
      ImageIO.write(image, "png", images.resolve(name).toFile());
      pngPixels.put(name, rgb(image));
      pngSizes.put(name, size);
    }
    byte[] jpeg = Files.readAllBytes(images.resolve("faces/000003.jpg"));
    Files.write(images.resolve("faces/truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length / 3));
    Files.writeString(images.resolve("notes.jpg"), "these are not pixels\n");
    Files.write(images.resolve("empty.png"), new byte[0]);
    Files.writeString(images.resolve("README.txt"), "not an image file name: not counted\n");
  }

  private static BufferedImage smooth(int w, int h, Random random) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int a = random.nextInt(256);
    int b = random.nextInt(256);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = (a + 255 * x / w) & 0xff;
        int g = (b + 255 * y / h) & 0xff;
        int bl = random.nextInt(256);
        image.setRGB(x, y, (r << 16) | (g << 8) | bl);
      }
    }
    return image;
  }

  private static BufferedImage grey(int w, int h, Random random) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    byte[] values = new byte[w * h];
    random.nextBytes(values);
    image.getRaster().setDataElements(0, 0, w, h, values);
    return image;
  }

  private static byte[] rgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[3 * w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int at = 3 * (y * w + x);
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
          byte v = (byte) image.getRaster().getSample(x, y, 0);
          out[at] = v;
          out[at + 1] = v;
          out[at + 2] = v;
        } else {
          int p = image.getRGB(x, y);
          out[at] = (byte) (p >> 16);
          out[at + 1] = (byte) (p >> 8);
          out[at + 2] = (byte) p;
        }
      }
    }
    return out;
  }

  private PreparationSettings settings(Path output, String... overrides) {
    List<String> all = new ArrayList<>(List.of("prepare.images-per-shard=50", "prepare.progress-seconds=0", "prepare.max-bad-fraction=0.02",
        "spark.master=local[2]", "spark.conf.spark.ui.enabled=false"));
    all.addAll(List.of(overrides));
    return ai.equilibrium.prepare.PreparationFiles.load(images.toString(), output.toString(), all);
  }

  record Prepared(ImageShardManifest manifest, String out) {}

  private static Prepared prepare(PreparationSettings settings) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageShardManifest manifest = PrepareDataJob.run(settings, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return new Prepared(manifest, bytes.toString(StandardCharsets.UTF_8));
  }

  private static Map<String, ImageShardFile.Record> records(Path folder, ImageShardManifest manifest) throws IOException {
    Map<String, ImageShardFile.Record> records = new HashMap<>();
    for (ImageShardManifest.Shard shard : manifest.shards()) {
      try (InputStream in = Files.newInputStream(folder.resolve(shard.file()))) {
        ImageShardFile.read(in, shard.file(), r -> records.put(r.name(), r));
      }
    }
    return records;
  }

  @Test
  void countsSplitsAttributesAndPixelsAreWhatTheFolderHolds() throws IOException {
    Path output = dir.resolve("prepared");
    Prepared prepared = prepare(settings(output));
    ImageShardManifest m = prepared.manifest();
    assertEquals(JPEGS + PNGS, m.images());
    assertEquals(BAD.size(), m.skipped());
    assertEquals(6, m.shards().size(), "263 files in shards of 50");
    assertEquals(List.of("Smiling", "Young"), m.attributes());
    Map<String, ImageShardFile.Record> records = records(output, m);
    assertEquals(JPEGS + PNGS, records.size());

    // the split list for the faces; a hash of the name for the unlisted PNGs
    var unlisted = ai.equilibrium.prepare.ImageMetadata.read(java.util.Optional.empty(), java.util.Optional.empty(), 0.05);
    long test = JPEGS / 10 + pngPixels.keySet().stream().filter(n -> unlisted.split(n.substring("other/".length())) == ImageSplit.TEST).count();
    assertEquals(JPEGS / 10, m.count(ImageSplit.VALID));
    assertEquals(test, m.count(ImageSplit.TEST));
    assertEquals(JPEGS + PNGS - test - JPEGS / 10, m.count(ImageSplit.TRAIN));
    ImageShardFile.Record face = records.get("faces/000030.jpg");
    assertEquals(ImageSplit.TEST, face.split());
    assertArrayEquals(new byte[] {1, 1}, face.attributes());
    assertArrayEquals(new byte[] {-1, -1}, records.get("faces/000031.jpg").attributes());
    assertArrayEquals(new byte[] {0, 0}, records.get("other/p000.png").attributes());

    // PNGs are lossless: each record is the crop and resize of the generated pixels, exactly
    ImageResampler resampler = new ImageResampler(ImageResampler.Crop.CENTRE_SQUARE, 64);
    for (Map.Entry<String, byte[]> png : pngPixels.entrySet()) {
      int[] size = pngSizes.get(png.getKey());
      assertArrayEquals(resampler.resize(png.getValue(), size[0], size[1]), records.get(png.getKey()).pixels(),
          png.getKey());
    }

    // every bad file is skipped, listed with its path, and printed
    String badList = Files.readString(output.resolve(PrepareDataJob.BAD_FILES));
    for (String bad : BAD) {
      String path = images.resolve(bad).toUri().getPath();
      assertTrue(badList.contains(path), bad + " in\n" + badList);
      assertTrue(prepared.out().contains("skipped " + "file:" + path) || prepared.out().contains("skipped " + path),
          bad + " in\n" + prepared.out());
    }
    assertTrue(badList.contains("empty file"), badList);

    // the source reads what was written
    ImageShardSource source = new ImageShardSource(output.toString(), ImageSplit.TRAIN);
    assertEquals(m.count(ImageSplit.TRAIN), source.loadShard(0, 3).size() + source.loadShard(1, 3).size()
        + source.loadShard(2, 3).size());
  }

  @Test
  void aRerunKeepsCompleteShardsAndRedoesOnlyThoseWhoseFilesChanged() throws IOException {
    Path output = dir.resolve("rerun");
    ImageShardManifest first = prepare(settings(output)).manifest();
    Map<String, Long> written = new HashMap<>();
    for (ImageShardManifest.Shard s : first.shards()) {
      written.put(s.file(), Files.getLastModifiedTime(output.resolve(s.file())).toMillis());
    }
    Prepared again = prepare(settings(output));
    assertTrue(again.out().contains("in 6 shards (6 reused)"), again.out());
    assertEquals(first.shards(), again.manifest().shards());
    for (ImageShardManifest.Shard s : first.shards()) {
      assertEquals(written.get(s.file()), Files.getLastModifiedTime(output.resolve(s.file())).toMillis(), s.file());
    }

    // a changed file (other size) makes its shard, the last one, be prepared again, and only it
    Path changed = images.resolve("other/p059.png");
    byte[] original = Files.readAllBytes(changed);
    try {
      ImageIO.write(smooth(70, 70, new Random(9)), "png", changed.toFile());
      Prepared third = prepare(settings(output));
      assertTrue(third.out().contains("in 6 shards (5 reused)"), third.out());
      assertFalse(third.manifest().shards().get(5).sha256().equals(first.shards().get(5).sha256()));
      assertEquals(first.shards().subList(0, 5), third.manifest().shards().subList(0, 5));
    } finally {
      Files.write(changed, original);
    }
  }

  @Test
  void tooManyBadFilesFailNamingTheKeyAndKeepTheShardsButWriteNoManifest() throws IOException {
    Path output = dir.resolve("strict");
    PrepareDataJob.PreparationFailed e = assertThrows(PrepareDataJob.PreparationFailed.class,
        () -> prepare(settings(output, "prepare.max-bad-fraction=0.005")));
    assertTrue(e.getMessage().contains("3 of 263 image files") && e.getMessage().contains("prepare.max-bad-fraction")
        && e.getMessage().contains(PrepareDataJob.BAD_FILES), e.getMessage());
    assertFalse(Files.exists(output.resolve(ImageShardManifest.FILE)));
    try (Stream<Path> files = Files.list(output)) {
      assertEquals(6, files.filter(p -> p.getFileName().toString().endsWith(".bin")).count());
    }
    // allowed more, the same folder is completed from the shards already written
    Prepared relaxed = prepare(settings(output, "prepare.max-bad-fraction=0.02"));
    assertTrue(relaxed.out().contains("(6 reused)"), relaxed.out());
  }
}
