package ai.equilibrium.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file parsed as it is digested has the digest of its bytes, whatever the parser reads, skips or leaves. */
class RunDirectoryDigestTest {

  @Test
  void bytesAParserSkipsOrLeavesAreDigested(@TempDir Path dir) throws Exception {
    byte[] bytes = new byte[300_000];
    new SplittableRandom(5).nextBytes(bytes);
    Files.write(dir.resolve("state.bin"), bytes);
    RunDirectory run = new RunDirectory(dir.toUri().toString());
    String expected = Digests.sha256(bytes);

    var skipped = run.digest("state.bin", in -> {
      in.skipNBytes(200_000); // passes over most of the file, then reads a little
      return in.read();
    }).orElseThrow();
    assertEquals(expected, skipped.sha256());
    assertEquals(bytes[200_000] & 0xff, skipped.value());
    assertEquals(expected, run.digest("state.bin", in -> null).orElseThrow().sha256());
  }
}
