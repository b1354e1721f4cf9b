package ai.equilibrium.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.config.ConfigError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteFilesTest {
  @TempDir
  Path dir;

  private SuiteSpec load(String entry) throws IOException {
    Path ring = Paths.get(System.getProperty("user.dir")).resolve("../conf/ring-mlp.conf").normalize();
    Path file = Files.writeString(dir.resolve("suite.conf"), "suite {\n name = s\n entries = [{name = ring, config = \""
        + ring + "\", metric = modes_covered, direction = higher, " + entry + "}]\n}\n");
    return SuiteFiles.load(file.toString(), List.of());
  }

  @Test
  void anEntryDrawsFreshSeedsWithExtraSeedsAndACanary() throws IOException {
    SuiteSpec.Entry e = load("seeds = 3, extra-seeds = 5, canary-seed = 7").entries().get(0);
    assertEquals(3, e.seeds());
    assertEquals(5, e.extraSeeds());
    assertEquals(7, e.canarySeed());
    assertEquals(2, e.looks());
    SuiteSpec.Entry plain = load("seeds = 4").entries().get(0);
    assertEquals(0, plain.extraSeeds());
    assertEquals(1, plain.canarySeed());
    assertEquals(1, plain.looks());
  }

  @Test
  void fixedSeedListsAndCanariesAmongTheFreshSeedsAreRefusedNamingTheKey() {
    ConfigError list = assertThrows(ConfigError.class, () -> load("seeds = [1, 2, 3]"));
    assertEquals("suite.entries[0].seeds", list.key());
    assertTrue(list.getMessage().startsWith("config key 'suite.entries[0].seeds': is the number of fresh seeds"),
        list.getMessage());
    assertEquals("suite.entries[0].seeds", assertThrows(ConfigError.class, () -> load("seeds = 1")).key());
    assertEquals("suite.entries[0].canary-seed", assertThrows(ConfigError.class,
        () -> load("seeds = 3, canary-seed = 1000000")).key());
    assertEquals("suite.entries[0].extra-seeds", assertThrows(ConfigError.class,
        () -> load("seeds = 3, extra-seeds = -1")).key());
  }
}
