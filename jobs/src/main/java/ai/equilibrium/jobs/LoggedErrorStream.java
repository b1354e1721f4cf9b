package ai.equilibrium.jobs;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What libraries print on System.err, line by line, to the log file: Spark's threads print stack traces there
 * at shutdown (a callback rejected by a pool that is shutting down, after an executor was lost), and the terminal
 * carries only the job's own lines, which start with "equilibrium:" and pass through. A line logged while
 * logging (a console appender that follows System.err) goes to the terminal instead of round again.
 */
final class LoggedErrorStream extends OutputStream {
  private static final String OWN = "equilibrium:";
  private final Logger log = LoggerFactory.getLogger("stderr");
  private final PrintStream terminal;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final ThreadLocal<Boolean> logging = ThreadLocal.withInitial(() -> false);

  LoggedErrorStream(PrintStream terminal) {
    this.terminal = terminal;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      endLine();
    } else {
      line.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      write(bytes[i]);
    }
  }

  @Override
  public synchronized void flush() {
    // lines leave whole, at their end
  }

  private void endLine() {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.startsWith(OWN) || logging.get()) {
      terminal.println(text);
      return;
    }
    logging.set(true);
    try {
      log.warn(text);
    } finally {
      logging.set(false);
    }
  }
}
