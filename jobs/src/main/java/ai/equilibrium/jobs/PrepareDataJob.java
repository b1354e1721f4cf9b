package ai.equilibrium.jobs;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.config.Settings;
import ai.equilibrium.data.ImageResampler;
import ai.equilibrium.data.ImageShardManifest;
import ai.equilibrium.data.ImageSplit;
import ai.equilibrium.prepare.BadFile;
import ai.equilibrium.prepare.ImageFolderPlan;
import ai.equilibrium.prepare.PreparationFiles;
import ai.equilibrium.prepare.PreparationSettings;
import ai.equilibrium.prepare.PreparedShard;
import ai.equilibrium.prepare.ShardPreparer;
import ai.equilibrium.storage.FileSystems;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Prepares a folder of JPEG/PNG images for training ({@code submit-scripts/prepare-images INPUT OUTPUT
 * [key=value ...]}, keys in {@code prepare-defaults.conf}): the files are split into shards of
 * {@code prepare.images-per-shard}, each prepared by one Spark task where it runs (decoded, centre-cropped,
 * resized, written as uint8 with its split and attributes) straight from INPUT to OUTPUT, any Hadoop paths.
 * Unreadable files are logged, listed in {@code bad-files.tsv} and skipped, up to
 * {@code prepare.max-bad-fraction}. {@code manifest.json} is written last. A re-run keeps the shards whose
 * inputs and settings have not changed.
 */
public final class PrepareDataJob {
  public static final String BAD_FILES = "bad-files.tsv";
  private static final Pattern SHARD_FILE = Pattern.compile("shard-([0-9]+)\\.(bin|done\\.json)");
  /** Skipped paths printed in full; the rest are in bad-files.tsv. */
  private static final int PRINTED_BAD_FILES = 20;

  private PrepareDataJob() {}

  /** Too many files could not be read; the shards written so far are kept. */
  public static final class PreparationFailed extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    PreparationFailed(String message) {
      super(message);
    }
  }

  static final JobMain.Spec SPEC = new JobMain.Spec("usage: prepare-images INPUT OUTPUT [key=value ...]   (keys: "
      + "prepare.size, prepare.crop, prepare.images-per-shard, prepare.max-bad-fraction, prepare.split-file, "
      + "prepare.attributes-file, prepare.held-out-fraction, spark.master, spark.conf.*)", Set.of(), Set.of(),
      PrepareDataJob::run);

  public static void main(String[] args) {
    JobMain.main(args, SPEC);
  }

  private static ExitStatus run(JobArguments args, PrintStream out) throws IOException {
    List<String> folders = args.positionals(2, "INPUT and OUTPUT folders");
    run(PreparationFiles.load(folders.get(0), folders.get(1), args.assignments()), out);
    return ExitStatus.OK;
  }

  /** Prepares the folder and returns its manifest, printing progress and a summary to {@code out}. */
  public static ImageShardManifest run(PreparationSettings settings, PrintStream out) throws IOException {
    long start = System.nanoTime();
    Path output = new Path(settings.output());
    FileSystem fs = FileSystems.of(output);
    ImageFolderPlan plan = ImageFolderPlan.of(settings);
    try {
      fs.mkdirs(output);
      // The manifest says the folder is complete; until this run writes its own, it is not.
      fs.delete(new Path(output, ImageShardManifest.FILE), false);
    } catch (IOException e) {
      throw new ConfigError("prepare.output", "cannot write " + output + ": " + e.getMessage());
    }
    out.printf(Locale.ROOT, "prepare-images: %d image files under %s -> %d shards in %s (split list: %s; attributes: %s)%n",
        plan.files(), settings.input(), plan.shards().size(), output, plan.splitFile().orElse("none, "
            + settings.heldOutFraction() + " held out by name"), plan.attributesFile().orElse("none"));
    long shardStart = System.nanoTime();
    List<PreparedShard> shards = prepareShards(settings, plan, out);
    double shardSeconds = (System.nanoTime() - shardStart) / 1e9;
    removeStaleShards(fs, output, plan.shards().size());

    List<BadFile> bad = new ArrayList<>();
    shards.forEach(s -> bad.addAll(s.badFiles()));
    writeBadFiles(fs, output, bad);
    for (int i = 0; i < Math.min(PRINTED_BAD_FILES, bad.size()); i++) {
      out.println("prepare-images: skipped " + bad.get(i).path() + ": " + bad.get(i).reason());
    }
    if (bad.size() > PRINTED_BAD_FILES) {
      out.println("prepare-images: ... and " + (bad.size() - PRINTED_BAD_FILES) + " more skipped files in "
          + new Path(output, BAD_FILES));
    }
    double badFraction = (double) bad.size() / plan.files();
    if (badFraction > settings.maxBadFraction()) {
      throw new PreparationFailed(String.format(Locale.ROOT, "%d of %d image files (%.2f%%) under %s could not be read, "
          + "more than prepare.max-bad-fraction = %s; the first: %s (%s). All are listed in %s. No manifest was "
          + "written; the %d shards written are kept, and a re-run (for example with a higher "
          + "prepare.max-bad-fraction, or without the bad files) reuses those whose files did not change.",
          bad.size(), plan.files(), 100 * badFraction, settings.input(), settings.maxBadFraction(), bad.get(0).path(),
          bad.get(0).reason(), new Path(output, BAD_FILES), shards.size()));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    ImageShardManifest manifest = new ImageShardManifest(ImageShardManifest.FORMAT, settings.input(), 3,
        settings.size(), settings.size(), Settings.configName(settings.crop()),
        plan.attributeNames(), shards.stream().map(PreparedShard::entry).toList(), bad.size(), seconds,
        Instant.now().toString());
    manifest.write(settings.output());
    long reused = shards.stream().filter(PreparedShard::reused).count();
    long prepared = shards.stream().filter(s -> !s.reused()).mapToLong(PreparedShard::inputs).sum();
    out.printf(Locale.ROOT, "prepare-images: %d images (%d train, %d valid, %d test) of %dx%d, %d skipped, in %d shards "
        + "(%d reused) in %.1f s (Spark job %.1f s: %s); manifest %s%n", manifest.images(),
        manifest.count(ImageSplit.TRAIN), manifest.count(ImageSplit.VALID), manifest.count(ImageSplit.TEST),
        settings.size(), settings.size(), bad.size(), shards.size(), reused, seconds, shardSeconds,
        prepared == 0 ? "nothing to prepare" : String.format(Locale.ROOT, "%.0f files/s", prepared / shardSeconds),
        new Path(output, ImageShardManifest.FILE));
    return manifest;
  }

  /** One Spark task per shard, with a progress line every {@code prepare.progress-seconds}. */
  private static List<PreparedShard> prepareShards(PreparationSettings settings, ImageFolderPlan plan, PrintStream out)
      throws IOException {
    ShardPreparer preparer = new ShardPreparer(settings.output(), new ImageResampler(settings.crop(), settings.size()));
    try (JavaSparkContext sc = SparkSessions.create(settings.sparkMaster(), settings.sparkConf(),
        "equilibrium-prepare-images")) {
      JavaFutureAction<List<PreparedShard>> job = sc.parallelize(plan.shards(), plan.shards().size())
          .map(preparer::prepare).collectAsync();
      long start = System.nanoTime();
      while (true) {
        try {
          List<PreparedShard> shards = new ArrayList<>(settings.progressSeconds() > 0
              ? job.get(settings.progressSeconds(), TimeUnit.SECONDS) : job.get());
          shards.sort(Comparator.comparingInt(PreparedShard::index));
          return shards;
        } catch (TimeoutException e) {
          printProgress(sc, job, plan, (System.nanoTime() - start) / 1e9, out);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          job.cancel(true);
          throw new IOException("interrupted while preparing " + settings.output(), e);
        } catch (ExecutionException e) {
          throw new IOException("preparing the shards in " + settings.output() + " failed: " + rootMessage(e), e);
        }
      }
    }
  }

  private static void printProgress(JavaSparkContext sc, JavaFutureAction<?> job, ImageFolderPlan plan,
      double seconds, PrintStream out) {
    int done = 0;
    for (int id : job.jobIds()) {
      SparkJobInfo info = sc.statusTracker().getJobInfo(id);
      if (info == null) {
        continue;
      }
      for (int stage : info.stageIds()) {
        SparkStageInfo s = sc.statusTracker().getStageInfo(stage);
        done += s == null ? 0 : s.numCompletedTasks();
      }
    }
    int total = plan.shards().size();
    out.printf(Locale.ROOT, "prepare-images: %d/%d shards done after %.0f s%s%n", done, total, seconds,
        done == 0 ? "" : String.format(Locale.ROOT, ", about %.0f s to go", seconds / done * (total - done)));
  }

  /** Shards of an earlier run of this folder beyond this run's count (it had more input files). */
  private static void removeStaleShards(FileSystem fs, Path output, int shards) throws IOException {
    for (FileStatus f : fs.listStatus(output)) {
      var m = SHARD_FILE.matcher(f.getPath().getName());
      if (m.matches() && Integer.parseInt(m.group(1)) >= shards) {
        fs.delete(f.getPath(), false);
      }
    }
  }

  private static void writeBadFiles(FileSystem fs, Path output, List<BadFile> bad) throws IOException {
    Path file = new Path(output, BAD_FILES);
    if (bad.isEmpty()) {
      fs.delete(file, false);
      return;
    }
    StringBuilder tsv = new StringBuilder("path\treason\n");
    bad.forEach(b -> tsv.append(b.path()).append('\t').append(b.reason().replace('\t', ' ').replace('\n', ' ')).append('\n'));
    try (OutputStream o = fs.create(file, true)) {
      o.write(tsv.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
