package ai.equilibrium.prepare;

import ai.equilibrium.data.ImageResampler;
import java.io.Serializable;
import java.util.Map;
import java.util.Optional;

/**
 * How {@code PrepareDataJob} turns a folder of images into shards ({@code prepare-defaults.conf}, overridden on
 * the command line).
 *
 * @param input            the folder of JPEG/PNG images, searched recursively; any Hadoop path
 * @param output           the prepared folder; any Hadoop path
 * @param imagesPerShard   input files per shard (a shard is one Spark task and one file)
 * @param maxBadFraction   the share of input files that may be unreadable before the preparation fails
 * @param splitFile        CelebA's {@code list_eval_partition.txt}, if any
 * @param attributesFile   CelebA's {@code list_attr_celeba.txt}, if any
 * @param heldOutFraction  without a split file: the share of images, chosen by a hash of their names, that form
 *                         the test split
 */
public record PreparationSettings(String input, String output, int size, ImageResampler.Crop crop,
    int imagesPerShard, double maxBadFraction, Optional<String> splitFile, Optional<String> attributesFile,
    double heldOutFraction, int progressSeconds, String sparkMaster, Map<String, String> sparkConf)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public PreparationSettings {
    sparkConf = Map.copyOf(sparkConf);
  }
}
