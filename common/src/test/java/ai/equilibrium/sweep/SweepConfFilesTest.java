package ai.equilibrium.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every sweep under conf/sweeps loads: its keys, its arms' first trials and its search are valid. */
class SweepConfFilesTest {

  @Test
  void everySweepFileLoads() throws IOException {
    Path sweeps = Paths.get(System.getProperty("user.dir")).resolve("../conf/sweeps").normalize();
    List<Path> files;
    try (Stream<Path> listed = Files.list(sweeps)) {
      files = listed.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "no sweep files under " + sweeps);
    for (Path file : files) {
      SweepSpec spec = SweepFiles.load(file.toString(), List.of());
      assertEquals(spec.arms().size() * spec.trials() * spec.seeds().size(), spec.plan().size(), file.toString());
    }
    SweepSpec demo = SweepFiles.load(sweeps.resolve("fashion-mnist-tuning-budget-demo.conf").toString(), List.of());
    assertEquals(List.of(1500L, 5000L), demo.reportSteps());
  }
}
