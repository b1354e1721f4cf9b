package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Library lines on System.err go to the log; the job's own lines, and only they, reach the terminal. */
class LoggedErrorStreamTest {

  @Test
  void onlyTheJobsOwnLinesReachTheTerminal() {
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(new LoggedErrorStream(new PrintStream(terminal, true, StandardCharsets.UTF_8)),
        true, StandardCharsets.UTF_8);
    err.println("equilibrium: memory: heap 640 MB");
    new IllegalStateException("rejected at shutdown").printStackTrace(err);
    err.print("equilibrium: could not run: ");
    err.println("no data");
    assertEquals("equilibrium: memory: heap 640 MB\nequilibrium: could not run: no data\n",
        terminal.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
  }
}
