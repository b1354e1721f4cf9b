package ai.equilibrium.yarn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The commands of a README block that a marker comment names, one per command line, continuations joined. */
final class Walkthrough {
  private Walkthrough() {}

  static List<String> commands(Path readme, String marker) throws IOException {
    List<String> lines = Files.readAllLines(readme);
    int at = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("<!-- " + marker)) {
        at = i;
        break;
      }
    }
    if (at < 0 || at + 1 >= lines.size() || !lines.get(at + 1).startsWith("```")) {
      throw new IllegalStateException(readme + " has no code block after <!-- " + marker + " -->");
    }
    List<String> commands = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = at + 2; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
      String line = lines.get(i).strip();
      if (current.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
      } else {
        commands.add(current.append(line).toString().replaceAll("\\s+", " ").strip());
        current.setLength(0);
      }
    }
    return commands;
  }
}
