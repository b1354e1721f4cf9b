package ai.equilibrium.report;

import ai.equilibrium.storage.FolderLease;
import ai.equilibrium.storage.RunDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;

/**
 * The runs under a folder: every folder with a config.conf, searched a few levels down (a sweep's
 * {@code trials/*}, a nightly suite's {@code nights/*}{@code /trials/*}, a parent of both), not inside a run, and
 * with the live process, if any, that holds a folder around each (a sweep or suite holds its folder, not its
 * trials').
 */
final class RunFolders {
  /** Levels searched below the folder: suite/nights/N/trials/T is four. */
  static final int MAX_DEPTH = 6;
  /** Folders looked into at most, so that a page over a huge tree stays a page. */
  static final int MAX_FOLDERS = 20_000;
  /** Folders above the given one whose lease is looked at: report SWEEP/trials still sees its sweep running. */
  private static final int ANCESTORS = 3;
  private static final String CONFIG = "config.conf";

  private RunFolders() {}

  /**
   * A folder found: a run, or a folder that could not be listed.
   *
   * @param path            relative to the searched folder, '/'-separated
   * @param enclosingHolder the live process holding a folder around it
   * @param problem         why the folder could not be searched, if it could not
   */
  record Found(String path, Optional<String> enclosingHolder, Optional<String> problem) {}

  /** The runs under {@code root} (not {@code root} itself), in path order. */
  static List<Found> under(RunDirectory root) {
    List<Found> found = new ArrayList<>();
    int[] budget = {MAX_FOLDERS};
    walk(root, "", 0, liveAncestor(root), found, budget);
    return found;
  }

  private static void walk(RunDirectory root, String relative, int depth, Optional<String> holder, List<Found> found,
      int[] budget) {
    List<String> children;
    try {
      children = root.subdirectories(relative);
    } catch (RuntimeException e) {
      found.add(new Found(relative, holder, Optional.of("cannot list this folder: " + e.getMessage())));
      return;
    }
    for (String child : children) {
      if (budget[0]-- <= 0) {
        return;
      }
      String path = relative.isEmpty() ? child : relative + "/" + child;
      try {
        if (root.exists(path + "/" + CONFIG)) {
          found.add(new Found(path, holder, Optional.empty()));
        } else if (depth + 1 < MAX_DEPTH) {
          Optional<String> own = FolderLease.otherLiveHolder(root.subdirectory(path).location());
          walk(root, path, depth + 1, own.isPresent() ? own : holder, found, budget);
        }
      } catch (RuntimeException e) {
        found.add(new Found(path, holder, Optional.of("cannot search this folder: " + e.getMessage())));
      }
    }
  }

  /** The live holder of {@code root} or of a folder a few levels above it. */
  private static Optional<String> liveAncestor(RunDirectory root) {
    Path folder = new Path(root.location());
    for (int level = 0; level <= ANCESTORS && folder != null; level++, folder = folder.getParent()) {
      try {
        Optional<String> holder = FolderLease.otherLiveHolder(folder.toString());
        if (holder.isPresent()) {
          return holder;
        }
      } catch (RuntimeException e) {
        return Optional.empty(); // a folder above that cannot be read holds nothing we can know of
      }
    }
    return Optional.empty();
  }
}
