package ai.equilibrium.prepare;

import ai.equilibrium.data.ImageDecoder;
import ai.equilibrium.data.ImageResampler;
import ai.equilibrium.data.ImageShardFile;
import ai.equilibrium.data.ImageShardManifest;
import ai.equilibrium.data.ImageSplit;
import ai.equilibrium.storage.Digests;
import ai.equilibrium.storage.FileSystems;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares one shard where it runs (an executor): reads each input file, decodes, crops and resizes it, and
 * writes the shard and then its completion record, each through a temporary file, so that an interrupted
 * task leaves either a complete shard or none. A shard whose completion record matches its plan is kept.
 */
public final class ShardPreparer implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ShardPreparer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String output;
  private final ImageResampler resampler;

  public ShardPreparer(String output, ImageResampler resampler) {
    this.output = output;
    this.resampler = resampler;
  }

  public PreparedShard prepare(ShardPlan plan) throws IOException {
    Path folder = new Path(output);
    // One configuration and file system per shard: creating them per file cost 5 ms a file.
    Configuration conf = FileSystems.configuration();
    FileSystem fs = folder.getFileSystem(conf);
    String digest = plan.digest();
    Optional<PreparedShard> earlier = complete(fs, folder, plan, digest);
    if (earlier.isPresent()) {
      return earlier.get().asReused();
    }
    long start = System.nanoTime();
    List<ImageShardFile.Record> records = new ArrayList<>(plan.inputs().size());
    List<BadFile> bad = new ArrayList<>();
    int[] perSplit = new int[ImageSplit.values().length];
    FileSystem inputs = plan.inputs().isEmpty() ? fs : new Path(plan.inputs().get(0).path()).getFileSystem(conf);
    for (ShardPlan.Input input : plan.inputs()) {
      try {
        ImageDecoder.RgbImage image = ImageDecoder.decode(read(inputs, input.path()));
        byte[] pixels = resampler.resize(image.rgb(), image.width(), image.height());
        records.add(new ImageShardFile.Record(input.name(), input.split(), input.attributes(), pixels));
        perSplit[input.split().ordinal()]++;
      } catch (ImageDecoder.UnreadableImage | IOException e) {
        LOG.warn("skipping {}: {}", input.path(), e.getMessage());
        bad.add(new BadFile(input.path(), e.getMessage()));
      }
    }
    ImageShardFile.Header header = new ImageShardFile.Header(records.size(), 3, resampler.size(), resampler.size(),
        plan.attributeNames().size());
    Path target = new Path(folder, plan.file());
    Path temporary = new Path(folder, "." + plan.file() + "." + UUID.randomUUID() + ".tmp");
    MessageDigest sha = Digests.sha256();
    try (OutputStream out = Digests.digesting(fs.create(temporary, true), sha)) {
      ImageShardFile.write(out, header, records);
    }
    replace(fs, temporary, target);
    ImageShardManifest.Shard entry = new ImageShardManifest.Shard(plan.file(), records.size(),
        perSplit[ImageSplit.TRAIN.ordinal()], perSplit[ImageSplit.VALID.ordinal()], perSplit[ImageSplit.TEST.ordinal()],
        fs.getFileStatus(target).getLen(), Digests.hex(sha.digest()));
    PreparedShard prepared = new PreparedShard(plan.index(), digest, entry, bad, plan.inputs().size(),
        (System.nanoTime() - start) / 1e9, false);
    Path done = new Path(folder, plan.doneFile());
    Path doneTemporary = new Path(folder, "." + plan.doneFile() + "." + UUID.randomUUID() + ".tmp");
    try (OutputStream out = fs.create(doneTemporary, true)) {
      out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(prepared));
    }
    replace(fs, doneTemporary, done);
    return prepared;
  }

  /** The earlier run's shard, if its completion record is for this plan and its file has the recorded size. */
  private static Optional<PreparedShard> complete(FileSystem fs, Path folder, ShardPlan plan, String digest)
      throws IOException {
    Path done = new Path(folder, plan.doneFile());
    if (!fs.exists(done)) {
      return Optional.empty();
    }
    PreparedShard earlier;
    try (InputStream in = fs.open(done)) {
      earlier = JSON.readValue(in, PreparedShard.class);
    } catch (IOException e) {
      LOG.warn("preparing {} again: its completion record {} is unreadable ({})", plan.file(), done, e.getMessage());
      return Optional.empty();
    }
    Path shard = new Path(folder, plan.file());
    boolean intact = digest.equals(earlier.planDigest()) && fs.exists(shard)
        && fs.getFileStatus(shard).getLen() == earlier.entry().bytes();
    return intact ? Optional.of(earlier) : Optional.empty();
  }

  private static byte[] read(FileSystem fs, String file) throws IOException {
    try (InputStream in = fs.open(new Path(file))) {
      return in.readAllBytes();
    }
  }

  private static void replace(FileSystem fs, Path temporary, Path target) throws IOException {
    fs.delete(target, false);
    if (!fs.rename(temporary, target)) {
      throw new IOException("cannot rename " + temporary + " to " + target);
    }
  }
}
