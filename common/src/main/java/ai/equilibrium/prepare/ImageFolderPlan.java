package ai.equilibrium.prepare;

import ai.equilibrium.config.ConfigError;
import ai.equilibrium.data.DataUnavailableException;
import ai.equilibrium.data.ImageDecoder;
import ai.equilibrium.storage.FileSystems;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The driver's half of a preparation: the image files under the input folder (recursively, by extension,
 * in name order), the metadata lists, and the shards they fall into, {@code images-per-shard} files each.
 *
 * @param splitFile      the split list used, if any (after resolving "auto")
 * @param attributesFile the attribute list used, if any
 */
public record ImageFolderPlan(List<ShardPlan> shards, long files, List<String> attributeNames,
    Optional<String> splitFile, Optional<String> attributesFile) {
  static final String SPLIT_LIST = "list_eval_partition.txt";
  static final String ATTRIBUTE_LIST = "list_attr_celeba.txt";

  public static ImageFolderPlan of(PreparationSettings settings) {
    Path input = new Path(settings.input());
    List<FileStatus> files = new ArrayList<>();
    FileSystem fs;
    try {
      fs = FileSystems.of(input);
      if (!fs.exists(input) || !fs.getFileStatus(input).isDirectory()) {
        throw new DataUnavailableException("the image folder " + input + " does not exist or is not a folder");
      }
      addImages(fs, input, files);
    } catch (IOException e) {
      throw new DataUnavailableException("cannot list the image folder " + input + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new DataUnavailableException("no image files (" + String.join(", ", ImageDecoder.EXTENSIONS) + ") under " + input);
    }
    files.sort(Comparator.comparing(f -> f.getPath().toString()));
    Optional<String> splitFile = resolve(fs, input, settings.splitFile(), SPLIT_LIST, "prepare.split-file");
    Optional<String> attributesFile = resolve(fs, input, settings.attributesFile(), ATTRIBUTE_LIST,
        "prepare.attributes-file");
    ImageMetadata metadata;
    try {
      metadata = ImageMetadata.read(splitFile, attributesFile, settings.heldOutFraction());
    } catch (IOException e) {
      throw new DataUnavailableException(e.getMessage(), e);
    }
    String root = fs.makeQualified(input).toString();
    String shape = settings.size() + "/" + settings.crop();
    List<ShardPlan> shards = new ArrayList<>();
    for (int from = 0; from < files.size(); from += settings.imagesPerShard()) {
      List<ShardPlan.Input> inputs = new ArrayList<>();
      for (FileStatus f : files.subList(from, Math.min(files.size(), from + settings.imagesPerShard()))) {
        String path = f.getPath().toString();
        String relative = path.startsWith(root + "/") ? path.substring(root.length() + 1) : f.getPath().getName();
        String base = f.getPath().getName();
        inputs.add(new ShardPlan.Input(path, relative, f.getLen(), metadata.split(base), metadata.attributes(base)));
      }
      shards.add(new ShardPlan(shards.size(), shape, metadata.attributeNames(), inputs));
    }
    return new ImageFolderPlan(shards, files.size(), metadata.attributeNames(), splitFile, attributesFile);
  }

  /**
   * The image files under {@code folder}, recursively. Plain listings: listFiles' located statuses make the
   * local file system run a process per file for its permissions.
   */
  private static void addImages(FileSystem fs, Path folder, List<FileStatus> files) throws IOException {
    RemoteIterator<FileStatus> it = fs.listStatusIterator(folder);
    while (it.hasNext()) {
      FileStatus f = it.next();
      if (f.isDirectory()) {
        addImages(fs, f.getPath(), files);
      } else if (ImageDecoder.isImageName(f.getPath().getName())) {
        files.add(f);
      }
    }
  }

  /** "auto": the list in the input folder or its parent, if there; a given path must exist. */
  private static Optional<String> resolve(FileSystem fs, Path input, Optional<String> setting, String listName,
      String key) {
    if (setting.isEmpty()) {
      return Optional.empty();
    }
    try {
      if (!"auto".equals(setting.get())) {
        Path given = new Path(setting.get());
        if (!FileSystems.of(given).isFile(given)) {
          throw new ConfigError(key, "no file at " + given);
        }
        return setting;
      }
      for (Path candidate : new Path[] {new Path(input, listName),
          input.getParent() == null ? null : new Path(input.getParent(), listName)}) {
        if (candidate != null && fs.isFile(candidate)) {
          return Optional.of(candidate.toString());
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new ConfigError(key, "cannot look for " + listName + ": " + e.getMessage());
    }
  }
}
