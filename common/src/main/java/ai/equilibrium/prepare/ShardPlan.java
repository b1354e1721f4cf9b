package ai.equilibrium.prepare;

import ai.equilibrium.data.ImageSplit;
import ai.equilibrium.storage.Digests;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The input files of one shard, with what the metadata says about each, and everything that decides the
 * shard's bytes: a shard whose plan is unchanged since it was written is not prepared again.
 *
 * @param shape what the resampler makes: "SIZE/CROP"
 */
public record ShardPlan(int index, String shape, List<String> attributeNames, List<Input> inputs)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public ShardPlan {
    attributeNames = List.copyOf(attributeNames);
    inputs = List.copyOf(inputs);
  }

  /**
   * @param name the path relative to the input folder, as the shard records it
   */
  public record Input(String path, String name, long length, ImageSplit split, byte[] attributes)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** The shard's file name in the prepared folder. */
  public String file() {
    return String.format("shard-%05d.bin", index);
  }

  /** Its completion record, written after the shard itself. */
  public String doneFile() {
    return String.format("shard-%05d.done.json", index);
  }

  /** A digest of everything that decides the shard's content. */
  public String digest() {
    MessageDigest d = Digests.sha256();
    d.update((shape + "\n" + String.join(",", attributeNames) + "\n").getBytes(StandardCharsets.UTF_8));
    for (Input in : inputs) {
      d.update((in.name() + " " + in.length() + " " + in.split().ordinal() + " ").getBytes(StandardCharsets.UTF_8));
      d.update(in.attributes());
      d.update((byte) '\n');
    }
    return Digests.hex(d.digest());
  }
}
