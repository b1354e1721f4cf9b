package ai.equilibrium.jobs;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The commits between two code revisions, when the job runs from a git checkout that has both: the range a
 * nightly regression entered in. Empty otherwise (no git, not a checkout, a revision unknown or not fetched).
 */
final class GitHistory {
  private static final int MAX_COMMITS = 50;

  private GitHistory() {}

  /** The commits between two revisions in the working directory's checkout. */
  static List<String> between(String from, String to) {
    return between(new File("."), from, to);
  }

  /** One line per commit (abbreviated hash and subject), newest first, at most 50. */
  static List<String> between(File checkout, String from, String to) {
    String a = clean(from);
    String b = clean(to);
    if (a.isEmpty() || b.isEmpty() || a.equals(b)) {
      return List.of();
    }
    try {
      Process git = new ProcessBuilder("git", "-C", checkout.getPath(), "log", "--oneline", "--no-decorate", "-n", String.valueOf(MAX_COMMITS),
          a + ".." + b).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String text = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!git.waitFor(30, TimeUnit.SECONDS) || git.exitValue() != 0) {
        git.destroyForcibly();
        return List.of();
      }
      return text.lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  private static String clean(String revision) {
    String r = revision == null ? "" : revision.replaceFirst("-dirty$", "");
    return r.matches("[0-9a-f]{7,40}") ? r : "";
  }
}
