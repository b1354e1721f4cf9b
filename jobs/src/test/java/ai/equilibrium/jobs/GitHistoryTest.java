package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHistoryTest {
  @TempDir
  Path repo;

  private String git(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=n",
        "-c", "user.email=n@example.org"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  private String commit(String subject) throws IOException, InterruptedException {
    Files.writeString(repo.resolve("f"), subject);
    git("add", "f");
    git("commit", "-q", "-m", subject);
    return git("rev-parse", "HEAD");
  }

  @Test
  void theCommitsBetweenTheLastGoodNightAndTonightAreNamedNewestFirst() throws Exception {
    git("init", "-q");
    String good = commit("last good");
    commit("switch the optimizers");
    String tonight = commit("tidy");
    List<String> commits = GitHistory.between(repo.toFile(), good, tonight + "-dirty");
    assertEquals(2, commits.size(), commits.toString());
    assertTrue(commits.get(0).endsWith(" tidy") && commits.get(1).endsWith(" switch the optimizers"),
        commits.toString());
    assertEquals(List.of(), GitHistory.between(repo.toFile(), good, good), "no commits between a night and itself");
    assertEquals(List.of(), GitHistory.between(repo.toFile(), "unknown", tonight));
    assertEquals(List.of(), GitHistory.between(new File(repo.toFile(), "no-such-checkout"), good, tonight));
  }
}
