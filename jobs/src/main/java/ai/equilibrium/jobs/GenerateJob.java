package ai.equilibrium.jobs;

import ai.equilibrium.data.SampleShape;
import ai.equilibrium.experiment.SavedModel;
import ai.equilibrium.gan.GanGame;
import ai.equilibrium.gan.GanNetworks;
import ai.equilibrium.gan.GenerationPlan;
import ai.equilibrium.gan.LatentInterpolation;
import ai.equilibrium.gan.SampleFiles;
import ai.equilibrium.gan.SampleFormat;
import ai.equilibrium.spark.SampleGeneration;
import ai.equilibrium.step.Player;
import ai.equilibrium.storage.FileSystems;
import ai.equilibrium.storage.FolderLease;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Writes samples of a trained GAN ({@code generate RUN_DIR|CHECKPOINT_DIR --out PATH ...}): N samples as PNG files or
 * .npz shards, one Spark task per shard writing straight to the output folder (any Hadoop path), or a latent
 * interpolation grid, computed on the driver (a few dozen samples). The same command writes the same bytes.
 */
public final class GenerateJob {
  static final int DEFAULT_COUNT = 10_000;
  static final int DEFAULT_SHARD_SIZE = 1_000;
  static final int DEFAULT_PAIRS = 8;
  static final int DEFAULT_STEPS = 10;

  private GenerateJob() {}

  static final JobMain.Spec SPEC = new JobMain.Spec("""
      usage: generate RUN_DIR|CHECKPOINT_DIR --out PATH [--count N] [--seed S] [--format png|npz] [--shard-size K]
                      [--checkpoint best|step-N] [key=value ...]
             generate RUN_DIR|CHECKPOINT_DIR --out PATH --interpolate linear|spherical [--pairs P] [--steps T]
                      [--seed S] [--format png|npz] [--checkpoint best|step-N] [key=value ...]
        RUN_DIR       a GAN run (its newest trusted checkpoint, or --checkpoint), or one of its checkpoints/step-N
        --out         the folder to write, any Hadoop path (file:, hdfs:, s3a:); an earlier generation there is replaced
        --count       samples 0 .. N-1 (default 10000)
        --seed        sample g's latent code depends on (seed, g) alone (default 0)
        --format      png: sample-000000.png ... (images); npz: samples-00000.npz ... with images uint8 [n,H,W,C]
                      or, for 2-D points, samples float32 [n,d], and index int64 [n] (default png)
        --shard-size  samples per Spark task and per .npz file (default 1000)
        --interpolate one grid, interpolation-MODE.png: row p walks from sample 2p to sample 2p+1 of the seed in
                      T steps, on the line or (spherical) the great circle between the latent codes
        --pairs, --steps  rows and columns of the grid (default 8 and 10)
        key=value     overrides of the run's config, for example spark.master=local[2]""",
      Set.of("out", "count", "seed", "format", "shard-size", "checkpoint", "interpolate", "pairs", "steps"), Set.of(),
      GenerateJob::run);

  public static void main(String[] args) {
    JobMain.main(args, SPEC);
  }

  /** The job on {@code args}: returns its exit code, and an error is one line on {@code err}. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return JobMain.run(args, SPEC, out, err);
  }

  private static ExitStatus run(JobArguments args, PrintStream out) throws IOException {
    String location = args.positionals(1, "one run or checkpoint directory").get(0);
    String folder = args.option("out").orElseThrow(() -> new IllegalArgumentException(
        "give --out PATH, the folder to write the samples into"));
    long seed = longOption(args, "seed").orElse(0L);
    SampleFormat format = args.option("format").map(SampleFormat::parse).orElse(SampleFormat.PNG);
    Optional<LatentInterpolation> walk = interpolation(args, seed);
    GenerationPlan plan = walk.isPresent() ? null
        : new GenerationPlan(longOption(args, "count").orElse((long) DEFAULT_COUNT),
            args.intOption("shard-size").orElse(DEFAULT_SHARD_SIZE), seed, format);

    SavedModel model = SavedModel.load(location, args.option("checkpoint").orElse(null), args.assignments());
    if (!(model.experiment().game() instanceof GanGame game)) {
      throw new IllegalArgumentException(model.run().location() + " is a game.type = "
          + model.experiment().config().game().type() + " run; generate needs a GAN");
    }
    format.check(game.shape(), model.run().location());
    SparkSessions.useHadoopSettings(model.experiment().config()); // --out as the job's Spark settings reach it
    if (walk.isEmpty()) {
      SparkSessions.checkMaster(model.experiment().config());
    }
    folder = qualified(folder);
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("run", model.run().location());
    manifest.put("checkpoint", model.checkpoint());
    manifest.put("seed", seed);
    manifest.put("format", format.configName());
    manifest.put("shape", shape(game.shape()));
    manifest.put("latent_dimension", game.latentDimension());

    long start = System.nanoTime();
    try (FolderLease lease = lease(folder, model, out)) {
      SampleFiles.removeEarlier(folder);
      String what;
      if (walk.isPresent()) {
        GanNetworks networks = game.buildNetworks();
        networks.setParameters(Player.MAIN, model.experiment().player(Player.MAIN).networkParameters().snapshot());
        String file = SampleFiles.writeInterpolation(game, networks, walk.get(), format, folder);
        manifest.putAll(interpolationEntries(walk.get(), file));
        what = "a " + walk.get().pairs() + "x" + walk.get().steps() + " " + walk.get().curve().configName()
            + " interpolation, " + file;
      } else {
        out.printf(Locale.ROOT, "generate: %d samples of %s/%s (seed %d) as %s into %s, %d Spark task%s%n",
            plan.count(), model.run().location(), model.checkpoint(), seed, format.configName(), folder, plan.shards(),
            plan.shards() == 1 ? "" : "s");
        long bytes;
        double jobSeconds;
        try (JavaSparkContext sc = SparkSessions.create(model.experiment().config(),
            "equilibrium-generate-" + model.experiment().config().run().name())) {
          long jobStart = System.nanoTime();
          bytes = SampleGeneration.write(sc, game, model.experiment().player(Player.MAIN).networkParameters(), plan,
              folder, out).stream().mapToLong(SampleFiles.Written::bytes).sum();
          jobSeconds = (System.nanoTime() - jobStart) / 1e9;
        }
        manifest.putAll(planEntries(plan));
        what = String.format(Locale.ROOT, "%d samples in %d files (%.1f MB; Spark job %.1f s, %.0f samples/s)",
            plan.count(), plan.fileCount(), bytes / 1e6, jobSeconds, plan.count() / jobSeconds);
      }
      SampleFiles.writeManifest(folder, manifest);
      double seconds = (System.nanoTime() - start) / 1e9;
      out.printf(Locale.ROOT, "generate: wrote %s to %s in %.1f s; %s says what they are%n", what, folder, seconds,
          SampleFiles.MANIFEST);
    }
    return ExitStatus.OK;
  }

  /** The --interpolate options, or empty; the options of the other mode are refused with them. */
  private static Optional<LatentInterpolation> interpolation(JobArguments args, long seed) {
    Optional<String> curve = args.option("interpolate");
    if (curve.isEmpty()) {
      for (String name : List.of("pairs", "steps")) {
        if (args.option(name).isPresent()) {
          throw new IllegalArgumentException("--" + name + " goes with --interpolate linear|spherical");
        }
      }
      return Optional.empty();
    }
    for (String name : List.of("count", "shard-size")) {
      if (args.option(name).isPresent()) {
        throw new IllegalArgumentException("--" + name + " does not go with --interpolate (use --pairs and --steps)");
      }
    }
    return Optional.of(new LatentInterpolation(LatentInterpolation.Curve.parse(curve.get()),
        args.intOption("pairs").orElse(DEFAULT_PAIRS), args.intOption("steps").orElse(DEFAULT_STEPS), seed));
  }

  /** The folder as every executor finds it: a relative path is the driver's, not each executor's. */
  private static String qualified(String folder) {
    Path path = new Path(folder);
    try {
      return FileSystems.of(path).makeQualified(path).toString();
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot write --out " + folder + ": " + e.getMessage());
    }
  }

  /** The output folder's lease; a folder that cannot be written is bad input, in one line. */
  private static FolderLease lease(String folder, SavedModel model, PrintStream out) {
    try {
      return FolderLease.acquire(folder, "the generation from " + model.run().location(), out);
    } catch (UncheckedIOException e) {
      throw new IllegalArgumentException("cannot write --out " + folder + ": " + e.getCause().getMessage());
    }
  }

  private static Map<String, Object> planEntries(GenerationPlan plan) {
    Map<String, Object> entries = new LinkedHashMap<>();
    entries.put("count", plan.count());
    entries.put("shard_size", plan.shardSize());
    entries.put("batch", GenerationPlan.BATCH);
    entries.put("files", plan.fileCount());
    entries.put("first_file", plan.fileRange().get(0));
    entries.put("last_file", plan.fileRange().get(1));
    return entries;
  }

  private static Map<String, Object> interpolationEntries(LatentInterpolation walk, String file) {
    Map<String, Object> entries = new LinkedHashMap<>();
    entries.put("interpolation", walk.curve().configName());
    entries.put("pairs", walk.pairs());
    entries.put("steps", walk.steps());
    entries.put("file", file);
    entries.put("rows", "row p: sample 2p (first column) to sample 2p+1 (last column)");
    return entries;
  }

  private static Map<String, Object> shape(SampleShape shape) {
    Map<String, Object> entries = new LinkedHashMap<>();
    if (shape instanceof SampleShape.Image image) {
      entries.put("channels", image.channels());
      entries.put("height", image.height());
      entries.put("width", image.width());
    } else {
      entries.put("dimension", shape.dimension());
    }
    return entries;
  }

  private static Optional<Long> longOption(JobArguments args, String name) {
    return args.option(name).map(v -> {
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + v + "'");
      }
    });
  }
}
