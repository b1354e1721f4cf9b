package ai.equilibrium.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What two runs are compared on: their JSON-lines files without wall times, and their state files' bytes. */
public final class RunFiles {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The state a resumed run must reproduce bit for bit (model zips carry timestamps; their weights are these). */
  public static final List<String> STATE_FILES = List.of("main-state.bin", "adversary-state.bin", "loop-state.bin");

  private RunFiles() {}

  /** The file's lines with ms_per_step removed. */
  public static List<String> lines(Path file) {
    try {
      List<String> out = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        ObjectNode row = (ObjectNode) JSON.readTree(line);
        row.remove("ms_per_step");
        out.add(JSON.writeValueAsString(row));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
